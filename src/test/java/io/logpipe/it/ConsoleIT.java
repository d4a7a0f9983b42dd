package io.logpipe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real headless Chromium (Debian's chromium and chromium-driver, installed by
 * bin/test): sign in with a token, search for a message just sent with logger and open it, open a
 * search URL directly, narrow by a facet, follow the live tail, see a silent host. Screenshots of each
 * page go to target/console-screenshots/.
 */
class ConsoleIT {
    ConsoleBrowser console;
    WebDriver browser;

    @AfterEach
    void quit() {
        if (console != null) console.close();
    }

    static void logger(PackagedApp app, String tag, String message) throws Exception {
        Process p = new ProcessBuilder(
                        "logger",
                        "-n",
                        "127.0.0.1",
                        "-P",
                        String.valueOf(app.syslogPort),
                        "--tcp",
                        "-t",
                        tag,
                        "-p",
                        "authpriv.warning",
                        message)
                .start();
        assertEquals(0, p.waitFor());
    }

    void shot(String name) throws Exception {
        console.shot(name);
    }

    WebElement await(By by) {
        return console.await(by);
    }

    @Test
    void signInSearchOpenFacetTailAndHosts() throws Exception {
        Assumptions.assumeTrue(
                ConsoleBrowser.available(), "needs Debian's chromium and chromium-driver (bin/test installs them)");
        String tag = "web" + UUID.randomUUID().toString().substring(0, 6);
        Path alerts = Files.createTempDirectory("alerts");
        Files.writeString(
                alerts.resolve("silence.yaml"),
                "- rule:\n    id: host-silent\n    type: silence\n    groupBy: host\n    window: 2s\n    hosts: [ghost-host]\n");
        try (PackagedApp app = new PackagedApp(PackagedApp.shippedRoutes(), "-Dlogpipe.alerts.dir=" + alerts)) {
            String base = "http://127.0.0.1:" + app.httpPort;
            console = new ConsoleBrowser();
            browser = console.driver;

            // sign in: a wrong token is refused, the right one opens the search
            browser.get(base + "/");
            await(By.id("token")).sendKeys("not-the-token");
            browser.findElement(By.cssSelector("#signin-form button")).click();
            new WebDriverWait(browser, Duration.ofSeconds(5))
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.id("signin-error"), "not valid"));
            shot("signin");
            browser.findElement(By.id("token")).clear();
            browser.findElement(By.id("token")).sendKeys(PackagedApp.IT_TOKEN);
            browser.findElement(By.cssSelector("#signin-form button")).click();
            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "signed in as it"));
            String cookie = browser.manage().getCookieNamed("logpipe_session") == null
                    ? ""
                    : String.valueOf(
                            browser.manage().getCookieNamed("logpipe_session").isHttpOnly());
            assertEquals("true", cookie, "an HttpOnly session cookie");

            // a unique message sent with logger, found by the query box and opened
            logger(app, tag, "failed password for " + tag + " from 203.0.113.7");
            WebElement q = await(By.id("q"));
            q.clear();
            q.sendKeys("app:" + tag + " severity:warning.. \"failed password\"");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
            wait.ignoring(StaleElementReferenceException.class); // results are redrawn by each search
            wait.until(d -> {
                d.findElement(By.cssSelector("#search-form button")).click();
                return d.findElements(By.cssSelector("#events tbody tr")).stream()
                        .anyMatch(r -> r.getText().contains("failed password for " + tag));
            });
            assertTrue(
                    browser.getCurrentUrl().contains("/search?q="),
                    "the URL holds the search: " + browser.getCurrentUrl());
            shot("search");
            browser.findElement(By.cssSelector("#events tbody tr")).click();
            WebElement detail = await(By.id("detail-json"));
            assertTrue(
                    detail.getText().contains("\"app\": \"" + tag + "\"")
                            && detail.getText().contains("\"source\""),
                    detail.getText());
            shot("detail");
            browser.findElement(By.id("detail-close")).click();

            // the search URL opened directly, then narrowed by a facet
            browser.get(base + "/search?q=" + tag + "&from=-15m");
            wait.until(d -> d.findElements(By.cssSelector("#events tbody tr")).stream()
                    .anyMatch(r -> r.getText().contains(tag)));
            shot("search-direct");
            WebElement facet = wait.until(d -> {
                WebElement found = d.findElements(By.cssSelector("#facets button")).stream()
                        .filter(b -> b.getText().startsWith("authpriv"))
                        .findFirst()
                        .orElse(null);
                if (found == null)
                    d.findElement(By.cssSelector("#search-form button"))
                            .click(); // search again until the facets show it
                return found;
            });
            facet.click();
            wait.until(d -> d.findElement(By.id("q")).getAttribute("value").contains("facility:authpriv"));
            wait.until(d -> d.findElements(By.cssSelector("#events tbody tr")).stream()
                    .anyMatch(r -> r.getText().contains(tag)));
            assertTrue(browser.getCurrentUrl().contains("facility"), browser.getCurrentUrl());
            // and the other way: excluding the app leaves none of its events
            WebElement exclude = wait.until(d -> d.findElements(By.cssSelector("#facets button.exclude")).stream()
                    .filter(b -> ("exclude app " + tag).equals(b.getAttribute("aria-label")))
                    .findFirst()
                    .orElse(null));
            exclude.click();
            wait.until(d -> d.findElement(By.id("q")).getAttribute("value").contains("-app:" + tag));
            wait.until(d -> d.findElement(By.id("summary")).getText().startsWith("0 events"));
            // extracted fields are facets too: normalize:sshd gave this login its src_ip
            String ip = "198.51.100." + (1 + new Random().nextInt(250));
            Process ssh = new ProcessBuilder(
                            "logger",
                            "-n",
                            "127.0.0.1",
                            "-P",
                            String.valueOf(app.syslogPort),
                            "--tcp",
                            "-t",
                            "sshd",
                            "-p",
                            "authpriv.info",
                            "Failed password for " + tag + " from " + ip + " port 4711 ssh2")
                    .start();
            assertEquals(0, ssh.waitFor());
            browser.get(base + "/search?q=app:sshd%20" + tag + "&from=-15m");
            WebElement ipFacet = wait.until(d -> {
                WebElement found = d.findElements(By.cssSelector("#facets button")).stream()
                        .filter(b -> b.getText().startsWith(ip + " "))
                        .findFirst()
                        .orElse(null);
                if (found == null)
                    d.findElement(By.cssSelector("#search-form button")).click();
                return found;
            });
            assertTrue(
                    browser.findElement(By.id("facets")).getText().contains("fields.src_ip"),
                    browser.findElement(By.id("facets")).getText());
            ipFacet.click();
            wait.until(d -> d.findElement(By.id("q")).getAttribute("value").contains("fields.src_ip:" + ip));
            wait.until(d -> d.findElement(By.id("summary")).getText().startsWith("1 events"));
            shot("field-facets");
            // dragging over the histogram narrows the range to the bars dragged over
            browser.get(base + "/search?q=" + tag + "&from=-15m");
            wait.until(d -> d.findElements(By.cssSelector("#histogram button")).size() > 3);
            List<WebElement> bars = browser.findElements(By.cssSelector("#histogram button"));
            new Actions(browser)
                    .clickAndHold(bars.get(0))
                    .moveToElement(bars.get(2))
                    .release(bars.get(2))
                    .perform();
            wait.until(d -> d.findElement(By.id("from")).getAttribute("value").endsWith("Z")
                    && !d.findElement(By.id("to")).getAttribute("value").isEmpty());
            assertTrue(browser.getCurrentUrl().contains("to="), browser.getCurrentUrl());

            // live tail: a message sent after the page opened shows within 2 s
            browser.findElement(By.cssSelector("nav a[data-view=tail]")).click();
            await(By.id("tail-q")).sendKeys("app:" + tag);
            browser.findElement(By.id("tail-start")).click();
            new WebDriverWait(browser, Duration.ofSeconds(5))
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.id("tail-status"), "following"));
            Thread.sleep(300);
            logger(app, tag, "live after the page opened " + tag);
            long sent = System.nanoTime();
            new WebDriverWait(browser, Duration.ofSeconds(2))
                    .pollingEvery(Duration.ofMillis(50))
                    .until(d -> d.findElements(By.cssSelector("#tail-events tbody tr")).stream()
                            .anyMatch(r -> r.getText().contains("live after the page opened")));
            System.out.printf(
                    "console live tail: shown %d ms after logger returned%n", (System.nanoTime() - sent) / 1_000_000);
            shot("tail");
            browser.findElement(By.id("tail-pause")).click();

            // hosts: the inventory host that never sent anything is silent
            new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> {
                d.get(base + "/hosts");
                return d.findElements(By.cssSelector("#hosts-table tbody tr")).stream()
                        .anyMatch(r -> r.getText().contains("ghost-host")
                                && r.getText().contains("silent"));
            });
            shot("hosts");

            // alerts: the silence rule fired for the ghost host, with a link to the events around it
            browser.findElement(By.cssSelector("nav a[data-view=alerts]")).click();
            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(d -> d.findElements(By.cssSelector("#alerts-table tbody tr")).stream()
                            .anyMatch(r -> r.getText().contains("host-silent")
                                    && r.getText().contains("ghost-host")));
            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(d -> d.findElements(By.cssSelector("#rules-table tbody tr")).stream()
                            .anyMatch(r -> r.getText().startsWith("host-silent silence host")
                                    && r.getText().contains("ghost-host")));
            shot("alerts");

            // pipeline health: listeners and sinks with their counts
            browser.findElement(By.cssSelector("nav a[data-view=pipeline]")).click();
            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(d -> d.findElements(By.cssSelector("#listeners-table tbody tr")).stream()
                            .anyMatch(r -> r.getText().startsWith("syslog-tcp")));
            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(d -> d.findElements(By.cssSelector("#sinks-table tbody tr")).stream()
                            .anyMatch(r -> r.getText().startsWith("db:events")));
            shot("pipeline");

            // parse tester
            browser.findElement(By.cssSelector("nav a[data-view=parse]")).click();
            await(By.cssSelector("#parse-form button")).click();
            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(ExpectedConditions.textToBePresentInElementLocated(
                            By.id("parse-result"), "\"host\": \"mymachine\""));
            shot("parse");

            // receive time, the export links, and a phone-width screen
            browser.get(base + "/search?q=" + tag + "&from=-15m&on=received");
            wait.until(d -> d.findElements(By.cssSelector("#events tbody tr")).stream()
                    .anyMatch(r -> r.getText().contains(tag)));
            assertEquals("received", browser.findElement(By.id("basis")).getAttribute("value"));
            String csvLink = browser.findElement(By.id("export-csv")).getAttribute("href");
            assertTrue(csvLink.contains("received_from=-15m") && csvLink.contains("as=csv"), csvLink);
            browser.manage().window().setSize(new Dimension(390, 844));
            shot("search-phone");
            browser.manage().window().setSize(new Dimension(1280, 800));

            // sign out: the API refuses the browser again
            browser.findElement(By.id("signout")).click();
            await(By.id("token"));
            browser.get(base + "/api/v1/events");
            assertTrue(browser.getPageSource().contains("needs an API token"), browser.getPageSource());
        }
    }
}
