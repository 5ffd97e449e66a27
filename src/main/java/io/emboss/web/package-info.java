/**
 * The HTTP conventions every module's controllers share: the response envelope, the one place
 * where rejections and framework errors become HTTP statuses, request ids, body limits,
 * idempotency keys, pagination parameters and the OpenAPI description.
 */
package io.emboss.web;
