<%@ page contentType="text/plain" session="false" %>partial<% out.flush(); if (true) { throw new IllegalStateException("after commit"); } %>
