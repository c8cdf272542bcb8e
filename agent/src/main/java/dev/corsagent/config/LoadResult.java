package dev.corsagent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The outcome of loading a configuration: the config when valid, and every problem found. */
public final class LoadResult {
    private final AgentConfig config;
    private final List<ConfigProblem> errors;
    private final List<ConfigProblem> warnings;

    LoadResult(AgentConfig config, List<ConfigProblem> problems) {
        List<ConfigProblem> errorList = new ArrayList<ConfigProblem>();
        List<ConfigProblem> warningList = new ArrayList<ConfigProblem>();
        for (ConfigProblem problem : problems) {
            (problem.isError() ? errorList : warningList).add(problem);
        }
        this.errors = Collections.unmodifiableList(errorList);
        this.warnings = Collections.unmodifiableList(warningList);
        this.config = errorList.isEmpty() ? config : null;
    }

    public boolean isValid() {
        return errors.isEmpty();
    }

    /** The configuration, or null when {@link #isValid()} is false. */
    public AgentConfig config() {
        return config;
    }

    public List<ConfigProblem> errors() {
        return errors;
    }

    public List<ConfigProblem> warnings() {
        return warnings;
    }
}
