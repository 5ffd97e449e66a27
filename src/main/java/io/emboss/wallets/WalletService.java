package io.emboss.wallets;

import io.emboss.customers.CustomerService;
import io.emboss.ledger.AccountKey;
import io.emboss.ledger.Balance;
import io.emboss.ledger.LedgerService;
import io.emboss.ledger.TransferSpec;
import io.emboss.shared.Caller;
import io.emboss.shared.Currency;
import io.emboss.shared.Ids;
import io.emboss.shared.Money;
import io.emboss.shared.Outcome;
import io.emboss.shared.RejectedException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Wallet balances, deposits and the tenant's funding balance, all kept in the ledger. */
@Service
public class WalletService {
    private final LedgerService ledger;
    private final CustomerService customers;
    private final DepositRepository deposits;
    private final FxRates fx;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    WalletService(LedgerService ledger, CustomerService customers, DepositRepository deposits, FxRates fx,
            ApplicationEventPublisher events, Clock clock) {
        this.ledger = ledger;
        this.customers = customers;
        this.deposits = deposits;
        this.fx = fx;
        this.events = events;
        this.clock = clock;
    }

    /** One balance per supported currency; a currency never used reads as zero. */
    @Transactional(readOnly = true)
    public Outcome<List<WalletBalance>> wallets(Caller caller, String customerId) {
        return customers.get(caller, customerId).map(c -> {
            List<WalletBalance> out = new ArrayList<>();
            for (Currency currency : Currency.values()) {
                out.add(view(ledger.balance(walletKey(caller, customerId, currency))));
            }
            return out;
        });
    }

    @Transactional(readOnly = true)
    public Outcome<WalletBalance> wallet(Caller caller, String customerId, Currency currency) {
        return customers.get(caller, customerId).map(c -> view(ledger.balance(walletKey(caller, customerId, currency))));
    }

    /** The tenant's funding balance per currency. */
    @Transactional(readOnly = true)
    public List<WalletBalance> fundingBalances(Caller caller) {
        List<WalletBalance> out = new ArrayList<>();
        for (Currency currency : Currency.values()) {
            out.add(view(ledger.balance(AccountKey.tenantFunding(caller.tenantId(), caller.environment(), currency))));
        }
        return out;
    }

    /**
     * Credits a customer's wallet from outside: a simulation, so sandbox credentials only (live money
     * never comes from nowhere, whatever path the request took). With {@code creditCurrency}
     * different from the deposit's currency, the amount is converted at the configured rate and
     * the conversion fee kept, all in one ledger operation.
     */
    @Transactional
    public Outcome<Deposit> depositToWallet(Caller caller, String customerId, Currency currency, long amountMinor,
            Currency creditCurrency) {
        if (!caller.maySimulate()) {
            return Outcome.rejected(Caller.SANDBOX_ONLY);
        }
        Outcome<?> customer = customers.get(caller, customerId);
        if (!customer.isOk()) {
            return Outcome.rejected(customer.rejection());
        }
        Currency target = creditCurrency == null ? currency : creditCurrency;
        return deposit(caller, customerId, Deposit.TARGET_WALLET, currency, amountMinor, target,
                walletKey(caller, customerId, target));
    }

    /** Credits the tenant's funding balance from outside: a simulation, sandbox credentials only. */
    @Transactional
    public Outcome<Deposit> fundTenant(Caller caller, Currency currency, long amountMinor) {
        if (!caller.maySimulate()) {
            return Outcome.rejected(Caller.SANDBOX_ONLY);
        }
        return deposit(caller, null, Deposit.TARGET_TENANT_FUNDING, currency, amountMinor, currency,
                AccountKey.tenantFunding(caller.tenantId(), caller.environment(), currency));
    }

    @Transactional(readOnly = true)
    public Outcome<Deposit> getDeposit(Caller caller, String id) {
        return deposits.find(caller.tenantId(), caller.environment().wire(), id)
                .<Outcome<Deposit>>map(Outcome::ok).orElseGet(() -> Outcome.notFound("deposit " + id));
    }

    private Outcome<Deposit> deposit(Caller caller, String customerId, String target, Currency source,
            long sourceAmountMinor, Currency credited, AccountKey creditAccount) {
        String id = Ids.next("dep");
        String tenant = caller.tenantId();
        var env = caller.environment();
        List<TransferSpec> specs = new ArrayList<>();
        long amount = sourceAmountMinor;
        long fee = 0;
        String rateText = null;
        if (source == credited) {
            specs.add(new TransferSpec.Post(AccountKey.externalFunding(tenant, env, source), creditAccount,
                    sourceAmountMinor, "deposit", id));
        } else {
            Optional<BigDecimal> rate = fx.rate(source, credited);
            if (rate.isEmpty()) {
                return Outcome.invalid("creditCurrency", "has no configured rate from " + source.name());
            }
            long converted;
            try {
                converted = Money.convert(sourceAmountMinor, source, credited, rate.get());
            } catch (ArithmeticException e) {
                return Outcome.invalid("amount", "is too large");
            }
            fee = Money.percentOf(converted, fx.fee());
            amount = converted - fee;
            if (amount <= 0) {
                return Outcome.invalid("amount", "is too small to convert after the conversion fee");
            }
            rateText = rate.get().toPlainString();
            specs.add(new TransferSpec.Post(AccountKey.externalFunding(tenant, env, source),
                    AccountKey.fxConversion(tenant, env, source), sourceAmountMinor, "fx_in", id));
            specs.add(new TransferSpec.Post(AccountKey.fxConversion(tenant, env, credited), creditAccount, amount,
                    "deposit", id));
            if (fee > 0) {
                specs.add(new TransferSpec.Post(AccountKey.fxConversion(tenant, env, credited),
                        AccountKey.feeRevenue(tenant, env, credited), fee, "fx_fee", id));
            }
        }
        Outcome<?> moved = ledger.execute(specs);
        if (!moved.isOk()) {
            throw new RejectedException(moved.rejection());
        }
        Deposit d = new Deposit(id, customerId, target, credited, amount, source, sourceAmountMinor, fee, rateText,
                "succeeded", clock.instant().truncatedTo(ChronoUnit.MICROS)); // as stored
        deposits.insert(tenant, env.wire(), d);
        events.publishEvent(new WalletEvents.DepositSucceeded(tenant, env, d));
        return Outcome.ok(d);
    }

    private static AccountKey walletKey(Caller caller, String customerId, Currency currency) {
        return AccountKey.wallet(caller.tenantId(), caller.environment(), customerId, currency);
    }

    private static WalletBalance view(Balance b) {
        return new WalletBalance(b.currency(), b.available(), b.held());
    }
}
