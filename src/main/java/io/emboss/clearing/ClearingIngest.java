package io.emboss.clearing;

import io.emboss.cards.CardService;
import io.emboss.shared.Ids;
import io.emboss.shared.Outcome;
import io.emboss.shared.Rejection;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes a clearing file in: copies the upload to a temporary file while hashing it (a re-sent file
 * is found by its bytes before anything is staged), then stages every line in one transaction, a
 * thousand rows per statement. A file refused as a whole (no header, a line no network writes)
 * rolls back and leaves nothing; a line that is no record is staged as that record's rejection.
 * Memory stays bounded by a line and a batch whatever the file's size.
 */
@Component
class ClearingIngest {
    static final long MAX_RECORDS = 2_000_000;
    private static final int STAGE_BATCH = 1000;
    private static final Pattern PAN = Pattern.compile("\\d{12,19}");

    private final ClearingFileRepository files;
    private final CardService cards;
    private final TransactionTemplate tx;
    private final Clock clock;

    ClearingIngest(ClearingFileRepository files, CardService cards, TransactionTemplate tx, Clock clock) {
        this.files = files;
        this.cards = cards;
        this.tx = tx;
        this.clock = clock;
    }

    /** Refuses the whole file; thrown inside the staging transaction so it rolls back. */
    private static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    Outcome<ClearingService.Ingested> ingest(String tenantId, String env, String fileName, LocalDate settlementDate, InputStream body)
            throws IOException {
        Path copy = Files.createTempFile("emboss-clearing-", ".csv");
        try {
            String sha256 = copy(body, copy);
            Optional<ClearingFile> before = files.findByContent(tenantId, env, sha256);
            if (before.isPresent()) {
                return Outcome.ok(new ClearingService.Ingested(before.get(), true));
            }
            try {
                String id = tx.execute(s -> stage(copy, tenantId, env, fileName, settlementDate, sha256));
                return Outcome.ok(new ClearingService.Ingested(files.find(id).orElseThrow(), false));
            } catch (Refused refused) {
                return Outcome.rejected(Rejection.Kind.INVALID, "invalid_clearing_file", refused.getMessage());
            } catch (DuplicateKeyException sentTwiceAtOnce) {
                return Outcome.ok(new ClearingService.Ingested(files.findByContent(tenantId, env, sha256).orElseThrow(), true));
            }
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private static String copy(InputStream body, Path to) throws IOException {
        MessageDigest digest = io.emboss.shared.Secrets.sha256();
        try (InputStream in = new DigestInputStream(body, digest); OutputStream out = Files.newOutputStream(to)) {
            in.transferTo(out);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private String stage(Path copy, String tenantId, String env, String fileName, LocalDate settlementDate,
            String sha256) {
        String id = Ids.next("cf");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        files.insert(new ClearingFile(id, tenantId, env, fileName, sha256, settlementDate,
                ClearingFile.Status.PROCESSING, 0, 0, ClearingFile.Counts.NONE, now, null));
        long total = 0;
        long rejected = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(copy), 1 << 16)) {
            ClearingCsv.Lines lines = new ClearingCsv.Lines(in);
            ClearingCsv.Line header = lines.next();
            Optional<String> problem = header != null && header.text() == null
                    ? Optional.of("the header row is not UTF-8 text; this is not a clearing file")
                    : ClearingCsv.headerProblem(header == null ? null : header.text());
            if (problem.isPresent()) {
                throw new Refused(problem.get());
            }
            List<ClearingFileRepository.Staged> batch = new ArrayList<>(STAGE_BATCH);
            for (ClearingCsv.Line line; (line = lines.next()) != null; ) {
                if (line.text() != null && line.text().isBlank()) {
                    continue;
                }
                if (++total > MAX_RECORDS) {
                    throw new Refused("a clearing file holds at most " + MAX_RECORDS + " records; split it");
                }
                ClearingFileRepository.Staged staged = staged(line);
                rejected += staged.rejection() == null ? 0 : 1;
                batch.add(staged);
                if (batch.size() == STAGE_BATCH) {
                    files.stage(id, batch);
                    batch.clear();
                }
            }
            files.stage(id, batch);
        } catch (ClearingCsv.LineTooLong e) {
            throw new Refused(e.getMessage());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        files.total(id, total, rejected);
        return id;
    }

    /** A line as staged: its fields (a PAN replaced by its fingerprint at once), or why it is no record. */
    private ClearingFileRepository.Staged staged(ClearingCsv.Line line) {
        if (line.text() == null) {
            return new ClearingFileRepository.Staged(line.number(), null, null, "the line is not UTF-8 text");
        }
        Optional<List<String>> parsed = ClearingCsv.fields(line.text());
        if (parsed.isEmpty()) {
            return new ClearingFileRepository.Staged(line.number(), null, null,
                    "malformed CSV: a quoted field is not closed, or text follows its closing quote");
        }
        List<String> fields = new ArrayList<>(parsed.get());
        String recordId = fields.get(0).length() <= 80 ? fields.get(0) : null;
        if (fields.size() != ClearingCsv.COLUMNS.size()) {
            return new ClearingFileRepository.Staged(line.number(), null, recordId, "malformed CSV: the line has "
                    + fields.size() + " fields; a record has " + ClearingCsv.COLUMNS.size());
        }
        String card = fields.get(3).replace(" ", "");
        if (PAN.matcher(card).matches()) {
            fields.set(3, cards.fingerprintOf(card));
        }
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).length() > ClearingFileRepository.WIDTHS[i]) {
                return new ClearingFileRepository.Staged(line.number(), null, recordId, ClearingCsv.COLUMNS.get(i)
                        + " is longer than " + ClearingFileRepository.WIDTHS[i] + " characters");
            }
        }
        return new ClearingFileRepository.Staged(line.number(), fields, recordId, null);
    }
}
