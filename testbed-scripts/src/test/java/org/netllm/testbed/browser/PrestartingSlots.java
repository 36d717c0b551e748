package org.netllm.testbed.browser;

/**
 * Test access to {@link SlotBrowsers} from other packages ({@code KillableRunner}): a runner slot's session
 * browser together with the slot's prestarted next browser, both real local browsers.
 */
public final class PrestartingSlots {

    private final SlotBrowsers slots;

    public PrestartingSlots(BrowserConfig config) {
        this.slots = new SlotBrowsers(new BrowserFactory(config)::start);
    }

    /** The calling slot's browser (about:blank loaded), after its prestarted next browser is up too. */
    public BrowserFactory.Browser takeAndPrestart() throws Exception {
        BrowserFactory.Browser b = slots.take().browser();
        b.driver().get("about:blank");
        slots.prestart();
        slots.awaitPrestarted();
        return b;
    }
}
