package io.day2ops.console.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}; {@code ./day2 test} installs them)
 * driven through Selenium with the driver's path given, since Selenium Manager cannot download here. Screenshots go to
 * {@code target/screenshots/}.
 */
public final class Browser implements AutoCloseable {

    private static final String CHROMIUM = System.getenv().getOrDefault("DAY2_CHROMIUM", "/usr/bin/chromium");
    private static final String DRIVER = System.getenv().getOrDefault("DAY2_CHROMEDRIVER", "/usr/bin/chromedriver");

    private final WebDriver driver;
    private final Path profile;

    /** A browser window of {@code width} x {@code height} CSS pixels. */
    public Browser(int width, int height) {
        if (!new File(CHROMIUM).canExecute() || !new File(DRIVER).canExecute()) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver (" + CHROMIUM
                    + ", " + DRIVER + "): apt-get install chromium chromium-driver (./day2 test does)");
        }
        try {
            profile = Files.createTempDirectory("day2-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens {@code url}; when the issuer's login form comes, logs in as {@code user} with the local password. */
    public void openAs(String url, String user) {
        driver.get(url);
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.or(
                ExpectedConditions.presenceOfElementLocated(By.id("kc-login")),
                ExpectedConditions.presenceOfElementLocated(By.id("main"))));
        if (!driver.findElements(By.id("kc-login")).isEmpty()) {
            driver.findElement(By.id("username")).sendKeys(user);
            driver.findElement(By.id("password")).sendKeys(user + "-local");
            driver.findElement(By.id("kc-login")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("main")));
        }
    }

    /**
     * Waits up to {@code timeout} for an element's text to contain {@code text}; returns that text (read inside the
     * wait: the page redraws itself, so an element found earlier may be gone).
     */
    public String awaitText(By locator, String text, Duration timeout) {
        String[] seen = new String[1];
        new WebDriverWait(driver, timeout)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> {
                    for (WebElement element : d.findElements(locator)) {
                        String shown = element.getText();
                        if (shown.contains(text)) {
                            seen[0] = shown;
                            return true;
                        }
                    }
                    return false;
                });
        return seen[0];
    }

    /** Saves what the window shows as {@code target/screenshots/<name>.png}; returns the file. */
    public Path screenshot(String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "screenshots"));
            Path file = dir.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a test does with the browser. */
    public interface Steps {
        void run() throws Exception;
    }

    /** Runs {@code steps}; when they fail, keeps the page as it was ({@link #keep}) before passing the failure on. */
    public void keepOnFailure(String name, Steps steps) throws Exception {
        try {
            steps.run();
        } catch (Exception | AssertionError e) {
            keep(name);
            throw e;
        }
    }

    /** Saves the page's HTML as {@code target/screenshots/<name>.html} (with its screenshot), for a failure's report. */
    public void keep(String name) {
        try {
            screenshot(name);
            Files.writeString(Path.of("target", "screenshots", name + ".html"), driver.getPageSource());
        } catch (RuntimeException | IOException e) {
            // the failure itself matters more
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind is harmless
        }
    }
}
