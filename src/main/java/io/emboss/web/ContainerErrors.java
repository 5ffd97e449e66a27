package io.emboss.web;

import java.io.IOException;
import java.util.Map;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.stereotype.Component;

/**
 * Errors Tomcat answers before any filter runs (a path that is not valid percent-encoded UTF-8, a
 * request line or header it cannot parse or that is too large, CONNECT, an unknown
 * Transfer-Encoding) used to be Tomcat's HTML page. Its error report valve is replaced by one that
 * writes the envelope (or the dialect's shape), with a request id, and logs one line.
 */
@Component
class ContainerErrors implements TomcatContextCustomizer {
    private final ObjectProvider<EnvelopeWriter> envelope;

    ContainerErrors(ObjectProvider<EnvelopeWriter> envelope) {
        this.envelope = envelope;
    }

    @Override
    public void customize(org.apache.catalina.Context context) {
        if (context.getParent() instanceof StandardHost host) {
            EnvelopeValve valve = new EnvelopeValve(envelope);
            // the host adds an error report valve of this class only when it has none yet
            host.setErrorReportValveClass(EnvelopeValve.class.getName());
            host.getPipeline().addValve(valve);
            // Spring Boot adds a plain ErrorReportValve of its own (with server.error.include-stacktrace:
            // never) and it would answer first: once every customizer has run, only ours is left
            host.addLifecycleListener(event -> {
                if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                    for (Valve other : host.getPipeline().getValves()) {
                        if (other instanceof ErrorReportValve && other != valve) {
                            host.getPipeline().removeValve(other);
                        }
                    }
                }
            });
        }
    }

    static final class EnvelopeValve extends ErrorReportValve {
        /**
         * The path routing would have seen, or, for a request refused while its headers were read
         * (too large), before routing, the request line's raw path: it still names the dialect whose
         * shape the answer takes. It decides nothing else. A request line that could not be read at
         * all has no path, and the answer is native.
         */
        private static String path(Request request) {
            String routed = RequestPaths.of(request);
            if (!"/".equals(routed)) {
                return routed;
            }
            String raw = request.getCoyoteRequest().requestURI().toString();
            return raw == null || raw.isEmpty() ? routed : raw;
        }

        private final ObjectProvider<EnvelopeWriter> envelope;

        EnvelopeValve(ObjectProvider<EnvelopeWriter> envelope) {
            this.envelope = envelope;
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            String requestId = RequestIds.ensure(request, response);
            ErrorEndpoint.Answer answer = ErrorEndpoint.answer(status, request.getMethod(), requestId);
            Map<String, String> fields = Map.of();
            if (answer.status() == 400) {
                fields = MalformedRequestFilter.problems(request.getRequestURI(), request.getQueryString());
                fields = fields.isEmpty() ? ErrorEndpoint.MALFORMED : fields;
            }
            String message = fields.isEmpty() ? answer.message()
                    : fields.keySet().iterator().next() + " " + fields.values().iterator().next();
            Refusals.log(answer.status(), answer.code(), "answered by the container (status " + status + ", request "
                    + requestId + ")");
            try {
                envelope.getObject().write(path(request), response, answer.status(), answer.code(), message, fields);
            } catch (IOException | RuntimeException e) {
                // the client is gone or the connection is unusable: nothing more to tell it
            }
        }
    }
}
