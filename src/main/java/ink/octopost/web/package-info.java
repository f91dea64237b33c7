/**
 * The HTTP edge: request ids, body-size limits, JSON settings, the OpenAPI document, and the one
 * place where every failure (a controller's, a filter's, the framework's, the container's) becomes
 * the documented error envelope. Nothing here knows about a feature.
 */
package ink.octopost.web;
