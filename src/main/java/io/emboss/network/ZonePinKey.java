package io.emboss.network;

import io.emboss.shared.EmbeddedMode;
import io.emboss.shared.KeyMaterial;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * EMBOSS_ZPK, the zone PIN key shared with the network peer. Loaded only when the listener starts:
 * with a production database and the listener off, no key is asked for.
 */
@Component
class ZonePinKey {
    private final Iso8583Settings settings;
    private final boolean embedded;
    private final String dataDir;
    private PinBlocks pinBlocks;

    ZonePinKey(Iso8583Settings settings, @Value("${spring.datasource.url}") String dbUrl,
            @Value("${emboss.data-dir}") String dataDir) {
        this.settings = settings;
        this.embedded = EmbeddedMode.isEmbedded(dbUrl);
        this.dataDir = dataDir;
    }

    synchronized PinBlocks pinBlocks() {
        if (pinBlocks == null) {
            pinBlocks = new PinBlocks(KeyMaterial.load("EMBOSS_ZPK", settings.getZpk(), 32, embedded, dataDir));
        }
        return pinBlocks;
    }
}
