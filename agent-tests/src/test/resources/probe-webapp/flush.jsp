<%@ page contentType="text/plain" session="false" %>early<% out.flush(); %> late
