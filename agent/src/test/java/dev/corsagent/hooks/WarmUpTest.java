package dev.corsagent.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The install's warm-up runs the whole hook pipeline (describe, link check, inline) on the agent's own class. */
class WarmUpTest {
    @Test
    void theWarmUpAdviceIsInlined() {
        assertTrue(Hooks.warmUp(), "the warm-up must get as far as inlining its advice, or it sets up nothing");
    }

    @Test
    void theTargetIsNamedAsItsClass() {
        assertEquals(HookTransformer.WarmUpTarget.class.getName(), HookTransformer.WARM_UP_TARGET);
    }
}
