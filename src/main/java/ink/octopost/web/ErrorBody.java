package ink.octopost.web;

import java.util.Map;

/** The error envelope of the v1 contract. */
record ErrorBody(String error, String code, Map<String, Object> details, String requestId) {}
