<%@ page contentType="text/plain" session="false" %><%
    response.setHeader("access-control-allow-origin", "*");
    response.addHeader("ACCESS-CONTROL-ALLOW-CREDENTIALS", "false");
    response.addHeader("Access-Control-Expose-Headers", "X-Secret");
    response.setHeader("X-Secret", "s3cr3t");
%>ok
