package io.emboss.wallets;

import io.emboss.shared.Currency;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configured conversion rates ("USDT-USD": "1.00" converts 1 USDT into 1.00 USD) and the fee, in
 * percent of the converted amount, kept on a conversion.
 */
@ConfigurationProperties("emboss.fx")
public class FxRates {
    private Map<String, String> rates = new HashMap<>();
    private String feePercent = "0";

    public Map<String, String> getRates() {
        return rates;
    }

    public void setRates(Map<String, String> rates) {
        this.rates = rates;
    }

    public String getFeePercent() {
        return feePercent;
    }

    public void setFeePercent(String feePercent) {
        this.feePercent = feePercent;
    }

    public Optional<BigDecimal> rate(Currency from, Currency to) {
        String rate = rates.get(from.name() + "-" + to.name());
        return rate == null ? Optional.empty() : Optional.of(new BigDecimal(rate.trim()));
    }

    public BigDecimal fee() {
        return new BigDecimal(feePercent.trim());
    }
}
