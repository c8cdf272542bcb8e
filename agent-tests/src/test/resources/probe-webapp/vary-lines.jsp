<%@ page contentType="text/plain" session="false" %><%
    response.addHeader("Vary", "Accept-Encoding");
    response.addHeader("Vary", "Accept-Language");
%>ok
