<%@ page contentType="text/plain" session="false" %><%
    // 200 kB through an 8 kB buffer: the container commits the response in the middle of the writing
    for (int i = 0; i < 20000; i++) {
        out.write("0123456789");
    }
%>
