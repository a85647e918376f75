package dev.solemate.serial.driver;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Delivers a link's future completions and listener calls one at a time, in the order they were
 * handed over, never on the thread of a caller of the link (who may hold its own locks, such as the
 * safety governor's). The transport's reading thread holds none, so when it hands work over and
 * nothing else is being delivered it delivers at once itself, saving the hand-off to the event
 * thread on every acknowledgement; any other thread's work goes to the event thread.
 */
final class OrderedDelivery {

    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    /** Hand-overs not yet delivered; the thread that takes it from 0 delivers until it is 0 again. */
    private final AtomicInteger owed = new AtomicInteger();
    private final Executor eventThread;
    private final Consumer<RuntimeException> onFailure;

    /**
     * @param eventThread runs deliveries handed over by callers; once it is shut down, the caller delivers
     * @param onFailure   told of a task that threw; the next task still runs
     */
    OrderedDelivery(Executor eventThread, Consumer<RuntimeException> onFailure) {
        this.eventThread = eventThread;
        this.onFailure = onFailure;
    }

    /** Queues tasks; call under the link's lock, so that the order of hand-overs is the order of the link's changes. */
    void add(List<Runnable> tasks) {
        queue.addAll(tasks);
    }

    /**
     * Delivers what {@link #add} queued; call without holding the link's lock.
     *
     * @param onReadingThread true only on the transport's reading thread, which may deliver itself
     */
    void deliver(boolean onReadingThread) {
        if (owed.getAndIncrement() != 0) {
            return; // whoever is delivering takes these too, in order
        }
        if (onReadingThread) {
            drain();
            return;
        }
        try {
            eventThread.execute(this::drain);
        } catch (RejectedExecutionException closed) {
            drain(); // the link is closed: the last failures are delivered on this thread
        }
    }

    private void drain() {
        int missed = 1;
        while (true) {
            Runnable task;
            while ((task = queue.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    onFailure.accept(e);
                }
            }
            missed = owed.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }
}
