package io.day2ops.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.events.EventType;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.Flow;
import io.day2ops.testing.InjectBus;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console as people use it: a real headless Chromium logs in through the issuer's own login page, as a viewer and
 * as an operator, against the console and the four real services on the sandbox lab. The screenshots are kept under
 * {@code target/screenshots/}.
 */
@Day2FlowTest
class ConsoleBrowserTest {

    private static final Duration JOB = Duration.ofSeconds(120);

    @TestHTTPResource("/")
    URL console;

    @InjectBus
    BusClient bus;

    @Test
    void theDeliveryPageShowsEachOutboxAndADeadLetterWithItsReason() throws Exception {
        // another system sends a request backup-service cannot read: it goes to the topic's .dlq with the reason
        String key = Flow.unique("not-json");
        bus.publishRaw(
                EventType.BACKUP_REQUESTED.topic(),
                key,
                BusClient.ceHeaders(EventType.BACKUP_REQUESTED, key, "/ci/pipeline"),
                "{ this is not json " + key);
        try (Browser browser = new Browser(1280, 900)) {
            browser.keepOnFailure("delivery-failed", () -> {
                browser.openAs(console + "delivery", "viewer");
                assertThat(browser.driver().findElement(By.id("outboxes")).getText())
                        .contains("backup-service")
                        .contains("dr-service");
                String letters = "";
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!letters.contains(key) && System.nanoTime() < deadline) {
                    Thread.sleep(2_000);
                    browser.driver().navigate().refresh();
                    letters = browser.driver().findElement(By.id("main")).getText();
                }
                assertThat(letters)
                        .contains(EventType.BACKUP_REQUESTED.deadLetterTopic())
                        .contains(key)
                        .contains("backup-service"); // the consumer that refused it
                browser.screenshot("delivery");
            });
        }
    }

    @Test
    void anOperatorBacksUpFromTheFleetPageWatchesItToCompletedAndTheFleetFillsIn() throws Exception {
        try (Browser browser = new Browser(1280, 900)) {
            browser.keepOnFailure("operator-failed", () -> operatorBacksUp(browser));
        }
    }

    private void operatorBacksUp(Browser browser) throws Exception {
        {
            browser.openAs(console.toString(), "operator");
            assertThat(browser.driver().findElement(By.id("user")).getText()).isEqualTo("operator");
            // the lab has no answers yet in this run's view, or some from earlier tests: either way primary gets a
            // row from its first backup; start one from the cluster's page, which every operator reaches from the
            // fleet
            browser.driver().get(console + "fleet/primary");
            WebElement form = browser.driver().findElement(By.cssSelector("form[data-action='/actions/backups']"));
            form.findElement(By.name("includedNamespaces")).sendKeys("default");
            form.findElement(By.tagName("button")).click();

            new WebDriverWait(browser.driver(), Duration.ofSeconds(30))
                    .until(d -> d.getCurrentUrl().contains("/backups/backup-primary-"));
            String backup = browser.driver().getCurrentUrl().replaceAll(".*/backups/", "");
            browser.screenshot("backup-running");
            browser.awaitText(By.id("phase"), "Completed", JOB);
            // the service's record says Completed first; the bus's SnapshotTaken reaches the console a moment later
            // and the page redraws itself with it
            String page = browser.awaitText(By.id("main"), "SnapshotTaken", Duration.ofSeconds(30));
            assertThat(page).contains("Backup " + backup).contains("/users/operator");
            browser.screenshot("backup-completed");

            // the fleet has it as primary's last good backup (that a page redraws itself is the viewer's test)
            browser.driver().get(console.toString());
            String row =
                    browser.awaitText(By.cssSelector("tr[data-cluster='primary']"), backup, Duration.ofSeconds(30));
            assertThat(row).contains("primary").contains("old (objective");
            assertThat(browser.driver().findElements(By.cssSelector("tr[data-cluster='primary'] button")))
                    .as("operators get the actions")
                    .isNotEmpty();
            browser.screenshot("fleet-operator");

            // then a drill of it into the standby, from the cluster's page: the drill's page and the fleet fill in
            browser.driver().get(console + "fleet/primary");
            WebElement drill = browser.driver().findElement(By.cssSelector("form[data-action='/actions/drills']"));
            drill.findElement(By.name("targetCluster")).sendKeys("standby");
            drill.findElement(By.name("namespaceMapping")).sendKeys("default:" + Flow.unique("drill"));
            drill.findElement(By.name("rtoObjective")).sendKeys("15m");
            drill.findElement(By.tagName("button")).click();
            new WebDriverWait(browser.driver(), Duration.ofSeconds(30))
                    .until(d -> d.getCurrentUrl().contains("/drills/drill-primary-"));
            String verdict = browser.awaitText(By.id("main"), "DrillCompleted", JOB);
            assertThat(verdict).contains("Passed");
            browser.screenshot("drill-passed");
            browser.driver().get(console.toString());
            assertThat(browser.awaitText(
                            By.cssSelector("tr[data-cluster='primary']"), "passed, RTO", Duration.ofSeconds(30)))
                    .contains("of 15m");
            browser.driver().get(console + "fleet/primary");
            assertThat(browser.driver().findElement(By.id("drills")).getText()).contains("passed");
            assertThat(browser.driver().findElements(By.cssSelector("figure svg")))
                    .hasSize(1);
            browser.screenshot("cluster-page");

            // and restore the backup into the standby from its page, under another namespace
            browser.driver().get(console + "backups/" + backup);
            WebElement restore = browser.driver().findElement(By.cssSelector("form[data-action='/actions/restores']"));
            WebElement into = restore.findElement(By.name("cluster"));
            into.clear();
            into.sendKeys("standby");
            restore.findElement(By.name("namespaceMapping")).sendKeys("default:" + Flow.unique("restored"));
            restore.findElement(By.tagName("button")).click();
            new WebDriverWait(browser.driver(), Duration.ofSeconds(30))
                    .until(d -> d.getCurrentUrl().contains("/restores/restore-standby-"));
            String restored = browser.awaitText(By.id("main"), "RestoreCompleted", JOB);
            assertThat(restored).contains("Completed").contains("restored from " + backup);
            browser.screenshot("restore-completed");
        }
    }

    @Test
    void aViewerSeesTheFleetAndNoActionAndTheFleetRedrawsAsAnswersArrive() throws Exception {
        try (Browser viewer = new Browser(1280, 900);
                Browser operator = new Browser(1280, 900)) {
            viewer.keepOnFailure(
                    "viewer-failed",
                    () -> operator.keepOnFailure("viewer-operator-failed", () -> viewerWatches(viewer, operator)));
        }
    }

    /** POSTs {@code json} from the page, as its script does (with or without its marker); "status body". */
    private static String post(Browser browser, String path, String json, boolean marked) {
        Object answer = ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + "const headers = {'Content-Type': 'application/json'};"
                                + "if (arguments[2]) headers['X-Day2-Action'] = 'console';"
                                + "fetch(arguments[0], {method: 'POST', headers, body: arguments[1]})"
                                + ".then(r => r.text().then(t => done(r.status + ' ' + t)))"
                                + ".catch(e => done('failed ' + e));",
                        path,
                        json,
                        marked);
        return String.valueOf(answer);
    }

    private void viewerWatches(Browser viewer, Browser operator) throws Exception {
        {
            viewer.openAs(console.toString(), "viewer");
            assertThat(viewer.driver().findElement(By.id("user")).getText()).isEqualTo("viewer");
            assertThat(viewer.driver().findElements(By.cssSelector("form[data-action]")))
                    .as("viewers see no action buttons")
                    .isEmpty();
            assertThat(post(viewer, "/actions/backups", "{\"cluster\":\"primary\"}", true))
                    .as("a viewer's action is refused, naming the role")
                    .startsWith("403 ")
                    .contains("operator");
            new WebDriverWait(viewer.driver(), Duration.ofSeconds(20))
                    .until(d -> d.findElement(By.id("live-status")).getText().startsWith("Live"));

            // an operator elsewhere runs a gate the lab fails (1.30 -> 1.32 skips a minor); the viewer's open fleet
            // page redraws itself with the NO-GO, nobody reloads it
            operator.openAs(console + "fleet/primary", "operator");
            assertThat(post(operator, "/actions/backups", "{\"cluster\":\"primary\"}", false))
                    .as("only the console's own page sends actions")
                    .startsWith("400 ")
                    .contains("X-Day2-Action");
            assertThat(post(
                            operator,
                            "/actions/drills",
                            "{\"cluster\":\"primary\",\"targetCluster\":\"standby\","
                                    + "\"namespaceMapping\":\"default\"}",
                            true))
                    .as("a wrong field is named")
                    .startsWith("400 ")
                    .contains("namespaceMapping");
            WebElement gate = operator.driver().findElement(By.cssSelector("form[data-action='/actions/gates']"));
            gate.findElement(By.name("targetVersion")).sendKeys("1.32");
            gate.findElement(By.tagName("button")).click();
            new WebDriverWait(operator.driver(), Duration.ofSeconds(30))
                    .until(d -> d.getCurrentUrl().contains("/gates/gate-primary-"));
            String name = operator.driver().getCurrentUrl().replaceAll(".*/gates/", "");
            operator.awaitText(By.id("phase"), "NO-GO", JOB);
            String failing = operator.awaitText(By.id("failing"), "control-plane-version-step", Duration.ofSeconds(10));
            assertThat(failing)
                    .as("the failing check and what to do about it")
                    .contains("skips 1 minor version")
                    .contains("Remediation: upgrade one minor version at a time: first to 1.31");
            operator.screenshot("gate-remediation");

            String row = viewer.awaitText(
                    By.cssSelector("tr[data-cluster='primary']"), "NO-GO to 1.32", Duration.ofSeconds(30));
            assertThat(row).contains("upgrade one minor version at a time");
            viewer.screenshot("fleet-viewer-live");
            assertThat(name).startsWith("gate-primary-");

            // and at a phone's width the same facts, stacked, each with its label
            viewer.driver().manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
            viewer.driver().navigate().refresh();
            WebElement health = viewer.driver().findElement(By.cssSelector("tr[data-cluster='primary'] td.health"));
            assertThat(health.getText()).isNotBlank();
            Path phone = viewer.screenshot("fleet-phone");
            assertThat(Files.size(phone)).isPositive();
        }
    }
}
