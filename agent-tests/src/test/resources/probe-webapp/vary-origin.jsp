<%@ page contentType="text/plain" session="false" %><% response.setHeader("Vary", "origin"); %>ok
