<%@ page session="false" %><jsp:forward page="/flush.jsp"/>
