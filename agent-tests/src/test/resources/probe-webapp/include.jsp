<%@ page contentType="text/plain" session="false" %>before <jsp:include page="/vary-lines.jsp"/> after
