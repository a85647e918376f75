package dev.solemate.serial.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Completions and listener calls of a link: in order, never on a caller's thread, on the reader's when it may. */
@Timeout(10)
class OrderedDeliveryTest {

    private final ExecutorService eventThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "events"));
    private final List<RuntimeException> failures = new CopyOnWriteArrayList<>();
    private final OrderedDelivery delivery = new OrderedDelivery(eventThread, failures::add);
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        eventThread.shutdownNow();
    }

    private Runnable task(String name) {
        return () -> ran.add(name + "@" + Thread.currentThread().getName());
    }

    private void awaitRan(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ran.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    @Test
    void whatACallerHandsOverRunsOnTheEventThreadInOrder() throws Exception {
        delivery.add(List.of(task("a"), task("b")));
        delivery.deliver(false);
        awaitRan(2);
        assertThat(ran).containsExactly("a@events", "b@events");
    }

    @Test
    void theReadingThreadDeliversItselfWhenNothingElseIsBeingDelivered() {
        delivery.add(List.of(task("ack")));
        delivery.deliver(true);
        assertThat(ran).containsExactly("ack@" + Thread.currentThread().getName());
    }

    @Test
    void whileTheEventThreadDeliversTheReadingThreadLeavesItsWorkToItInOrder() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        delivery.add(List.of(() -> {
            busy.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, task("failure")));
        delivery.deliver(false);
        busy.await();

        delivery.add(List.of(task("ack")));
        delivery.deliver(true);
        assertThat(ran).isEmpty(); // the reading thread did not jump ahead of the failure
        release.countDown();
        awaitRan(2);
        assertThat(ran).containsExactly("failure@events", "ack@events");
    }

    @Test
    void onceTheEventThreadIsShutDownTheCallerDeliversTheLastFailures() {
        eventThread.shutdown();
        delivery.add(List.of(task("closed")));
        delivery.deliver(false);
        assertThat(ran).containsExactly("closed@" + Thread.currentThread().getName());
    }

    @Test
    void aTaskThatThrowsIsReportedAndTheNextStillRuns() {
        delivery.add(List.of(() -> {
            throw new IllegalStateException("listener bug");
        }, task("next")));
        delivery.deliver(true);
        assertThat(failures).singleElement().extracting(Throwable::getMessage).isEqualTo("listener bug");
        assertThat(ran).containsExactly("next@" + Thread.currentThread().getName());
    }
}
