package io.emboss.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses bodies over the limit: at once when Content-Length says so, and while reading when a
 * chunked body grows past it, so no request can make the server buffer an unbounded body.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class BodyLimitFilter extends OncePerRequestFilter {
    private final long apiMaxBytes;
    private final long clearingMaxBytes;
    private final long evidenceMaxBytes;
    private final EnvelopeWriter envelope;

    BodyLimitFilter(@Value("${emboss.http.max-body-bytes:1048576}") long apiMaxBytes,
            @Value("${emboss.uploads.clearing-max-bytes:536870912}") long clearingMaxBytes,
            @Value("${emboss.uploads.evidence-max-bytes:10485760}") long evidenceMaxBytes, EnvelopeWriter envelope) {
        this.apiMaxBytes = apiMaxBytes;
        this.clearingMaxBytes = clearingMaxBytes;
        this.evidenceMaxBytes = evidenceMaxBytes;
        this.envelope = envelope;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long maxBytes = Uploads.limitOf(request, apiMaxBytes, clearingMaxBytes, evidenceMaxBytes);
        if (request.getContentLengthLong() > maxBytes) {
            envelope.write(request, response, 413, "payload_too_large", "The body exceeds " + maxBytes + " bytes");
            return;
        }
        chain.doFilter(new Limited(request, maxBytes), response);
    }

    /** Thrown when a body without a truthful Content-Length grows past the limit. */
    public static final class PayloadTooLargeException extends IOException {
        PayloadTooLargeException(long maxBytes) {
            super("The body exceeds " + maxBytes + " bytes");
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long maxBytes;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream inner = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = inner.read();
                        if (b >= 0) {
                            count(1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = inner.read(buffer, offset, length);
                        if (n > 0) {
                            count(n);
                        }
                        return n;
                    }

                    private void count(int n) throws IOException {
                        read += n;
                        if (read > maxBytes) {
                            throw new PayloadTooLargeException(maxBytes);
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return inner.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return inner.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        inner.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
