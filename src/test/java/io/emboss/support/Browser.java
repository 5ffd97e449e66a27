package io.emboss.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser for the dashboard's tests: Debian's headless Chromium driven through its own
 * chromedriver (both from apt; {@code .ci/run} installs them), so Selenium Manager never downloads a
 * driver or a browser. A person's way around a page: links by their names, inputs by their labels,
 * buttons by their text. Without Chromium the tests fail and say what to install: a browser test
 * that skips itself would let CI pass without ever opening a page.
 */
public final class Browser implements AutoCloseable {
    /** The desktop size the dashboard is designed for, and a phone's (an iPhone 12–15's CSS pixels). */
    public static final Dimension DESKTOP = new Dimension(1280, 800);
    public static final Dimension PHONE = new Dimension(390, 844);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final int port;
    private final ChromeDriver driver;

    private Browser(int port, ChromeDriver driver) {
        this.port = port;
        this.driver = driver;
    }

    /** Starts a headless Chromium for the server on this port, at desktop size. */
    public static Browser start(int port) {
        Path chromium = executable("CHROMIUM", "/usr/bin/chromium", "chromium");
        Path chromedriver = executable("CHROMEDRIVER", "/usr/bin/chromedriver", "chromium-driver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--window-size=" + DESKTOP.width + "," + DESKTOP.height, "--disable-extensions",
                "--no-first-run", "--disable-background-networking", "--disable-component-update");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // the driver named in the service: DriverFinder skips Selenium Manager (no download, no network)
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        Browser browser = new Browser(port, driver);
        browser.viewport(DESKTOP);
        return browser;
    }

    /** Sizes the window so that the page itself (the viewport, without the window's frame) is this big. */
    private void viewport(Dimension size) {
        @SuppressWarnings("unchecked")
        List<Number> inner = (List<Number>) driver.executeScript("return [window.innerWidth, window.innerHeight];");
        Dimension outer = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(outer.width + size.width - inner.get(0).intValue(),
                outer.height + size.height - inner.get(1).intValue()));
    }

    private static Path executable(String variable, String fallback, String debianPackage) {
        String configured = System.getenv(variable);
        Path path = Path.of(configured == null || configured.isBlank() ? fallback : configured);
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException("The dashboard's browser tests need " + path + " (set " + variable
                    + " to another path): install Debian's chromium and chromium-driver, as .ci/run does "
                    + "(apt-get install chromium chromium-driver); missing: " + debianPackage);
        }
        return path;
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Opens a path of the server (e.g. {@code /dashboard/login}). */
    public Browser open(String path) {
        driver.get("http://127.0.0.1:" + port + path);
        return this;
    }

    /** The path (and query) of the page shown now. */
    public String path() {
        String url = driver.getCurrentUrl();
        return url.substring(url.indexOf('/', url.indexOf("//") + 2));
    }

    /** Signs a tenant's user in through the sign-in form, and waits for the overview. */
    public Browser signIn(String email, String password) {
        open("/dashboard/login");
        fill("Email", email);
        fill("Password", password);
        press("Sign in");
        awaitHeading("Overview");
        return this;
    }

    /** Signs the operator in through the form behind "Platform operator". */
    public Browser signInOperator(String adminToken) {
        open("/dashboard/login");
        driver.findElement(By.xpath("//summary[normalize-space()='Platform operator']")).click();
        fill("Admin token", adminToken);
        press("Sign in as operator");
        new WebDriverWait(driver, WAIT).until(d -> !path().startsWith("/dashboard/login"));
        return this;
    }

    /** The link with exactly this text (its accessible name), failing when there is none. */
    public WebElement link(String name) {
        return driver.findElement(By.linkText(name));
    }

    /** Follows the link of this name. */
    public Browser click(String linkName) {
        link(linkName).click();
        return this;
    }

    /** Presses the button showing exactly this text (the first one, in document order). */
    public Browser press(String buttonText) {
        driver.findElement(By.xpath("//button[normalize-space()=" + literal(buttonText) + "]")).click();
        return this;
    }

    /** The input a {@code <label for>} with exactly this text names; fails if the label names nothing. */
    public WebElement input(String label) {
        WebElement l = driver.findElement(By.xpath("//label[normalize-space()=" + literal(label) + "]"));
        String id = l.getDomAttribute("for");
        assertThat(id).as("label '%s' names its input with for=", label).isNotBlank();
        return driver.findElement(By.id(id));
    }

    /** Types into the input labelled so, replacing what was there. */
    public Browser fill(String label, String value) {
        WebElement in = input(label);
        in.clear();
        in.sendKeys(value);
        return this;
    }

    /** The page's {@code <h1>} text. */
    public String heading() {
        return driver.findElement(By.tagName("h1")).getText().trim();
    }

    /** Waits until the page shown has this {@code <h1>} (after a form post or a redirect). */
    public Browser awaitHeading(String text) {
        new WebDriverWait(driver, WAIT).withMessage(() -> "heading '" + text + "' on " + path() + ": "
                + driver.findElement(By.tagName("body")).getText())
                .until(ExpectedConditions.textToBe(By.tagName("h1"), text));
        return this;
    }

    /** The visible text of the {@code <h2>} headings, in order. */
    public List<String> sectionHeadings() {
        return driver.findElements(By.tagName("h2")).stream().map(e -> e.getText().trim()).toList();
    }

    /** Saves what the window shows now as {@code target/screenshots/<name>.png}. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Saves the page as a phone shows it ({@code <name>-phone.png}, 390×844, a touch screen honouring
     * the viewport meta tag), then returns to the desktop size. Chromium's own device emulation (as its
     * device toolbar does it), so the page lays out as on a phone and not as a narrow window. Fails when the
     * page is wider than the phone (a wide table belongs in a {@code .table-wrap}, which scrolls by itself).
     */
    public Path phoneScreenshot(String name) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", PHONE.width, "height",
                PHONE.height, "deviceScaleFactor", 1, "mobile", true));
        try {
            driver.navigate().refresh();
            Path file = screenshot(name + "-phone");
            assertThat(fitsWidth()).as("%s at a phone's width scrolls sideways (see %s)", path(), file).isTrue();
            return file;
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            driver.navigate().refresh();
        }
    }

    /** Whether the page fits its window's width (a page wider than its window scrolls sideways). */
    public boolean fitsWidth() {
        Object fits = driver.executeScript(
                "return document.documentElement.scrollWidth <= document.documentElement.clientWidth;");
        return Boolean.TRUE.equals(fits);
    }

    /**
     * Asserts the browser's console logged no error since the last check: no Content-Security-Policy
     * violation (an inline script or style, a third-party origin), no asset that failed to load, no
     * script error. Reading the log empties it.
     */
    public Browser assertCleanConsole() {
        List<LogEntry> problems = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()
                        || e.getMessage().contains("Content Security Policy"))
                .toList();
        assertThat(problems).as("console of %s:%n%s", path(),
                problems.stream().map(LogEntry::toString).collect(Collectors.joining("\n"))).isEmpty();
        return this;
    }

    /** The browser's cookies for this server as a {@code Cookie} header (HttpOnly ones included). */
    public String cookieHeader() {
        return driver.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
    }

    @Override
    public void close() {
        driver.quit();
    }

    /** An XPath string literal of any text (quotes included). */
    private static String literal(String text) {
        if (!text.contains("'")) {
            return "'" + text + "'";
        }
        return "concat('" + text.replace("'", "', \"'\", '") + "')";
    }
}
