<%@ page session="false" %><% response.sendRedirect("flush.jsp"); %>
