package io.emboss.network;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** The ISO 8583 listener; see docs/iso8583.md. */
@ConfigurationProperties("emboss.iso8583")
public class Iso8583Settings {
    /** On or off; unset means on for the embedded default (H2) and off with a production database. */
    private Boolean enabled;
    /** Address to bind; unset binds every interface, like the HTTP server. */
    private String address;
    /** TCP port; 0 picks a free one (tests). */
    private int port = 8583;
    /** A connection that sends nothing for this long is closed (peers send 0800 echoes to stay up). */
    private Duration idleTimeout = Duration.ofMinutes(5);
    /** A message begun (length header or part of its body) must arrive completely within this. */
    private Duration readTimeout = Duration.ofSeconds(30);
    /** Largest message body accepted, in bytes, after the 4-digit length header (at most 9999). */
    private int maxMessageBytes = 4096;
    /**
     * Requests of one connection in flight at once, from taken in until the answer is written to the
     * socket; reading pauses while this many are.
     */
    private int maxInFlight = 128;
    /** Answers waiting in memory beyond this many bytes make the connection unwritable: reading pauses. */
    private DataSize writeBufferHighWaterMark = DataSize.ofKilobytes(64);
    /** Reading resumes (other bounds allowing) once the answers waiting are back under this. */
    private DataSize writeBufferLowWaterMark = DataSize.ofKilobytes(32);
    /** A peer that takes none of the answers waiting for it (it does not read) for this long is disconnected. */
    private Duration writeTimeout = Duration.ofSeconds(30);
    /** Connections at once; more are closed as they arrive. */
    private int maxConnections = 256;
    /** Requests processed at once over all connections (the engine's JDBC work). */
    private int workers = 64;
    /** Name of a Spring Boot SSL bundle (spring.ssl.bundle.*) to serve TLS with; unset serves plain TCP. */
    private String sslBundle;
    /**
     * Zone PIN key (double-length 3DES, 32 hex digits) the peer encrypts PIN blocks under. Required
     * with a production database when the listener is on; generated once into the data directory on
     * the embedded default.
     */
    private String zpk;

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public Duration getReadTimeout() {
        return readTimeout;
    }

    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    public int getMaxMessageBytes() {
        return maxMessageBytes;
    }

    public void setMaxMessageBytes(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    public int getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public DataSize getWriteBufferHighWaterMark() {
        return writeBufferHighWaterMark;
    }

    public void setWriteBufferHighWaterMark(DataSize writeBufferHighWaterMark) {
        this.writeBufferHighWaterMark = writeBufferHighWaterMark;
    }

    public DataSize getWriteBufferLowWaterMark() {
        return writeBufferLowWaterMark;
    }

    public void setWriteBufferLowWaterMark(DataSize writeBufferLowWaterMark) {
        this.writeBufferLowWaterMark = writeBufferLowWaterMark;
    }

    public Duration getWriteTimeout() {
        return writeTimeout;
    }

    public void setWriteTimeout(Duration writeTimeout) {
        this.writeTimeout = writeTimeout;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public int getWorkers() {
        return workers;
    }

    public void setWorkers(int workers) {
        this.workers = workers;
    }

    public String getSslBundle() {
        return sslBundle;
    }

    public void setSslBundle(String sslBundle) {
        this.sslBundle = sslBundle;
    }

    public String getZpk() {
        return zpk;
    }

    public void setZpk(String zpk) {
        this.zpk = zpk;
    }
}
