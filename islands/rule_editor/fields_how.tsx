/** How a rule counts: weight, a second pattern, mode, category, the server rules it cites. */
import type { Draft } from "./draft.ts";
import {
  Choice,
  cls,
  type EditorOptions,
  type Errors,
  Field,
  type InstanceRule,
  type Set,
  toggle,
  value,
} from "./controls.tsx";

/** How it counts: weight, a second pattern, mode, category, the server rules it cites. */
export function HowFields(props: {
  d: Draft;
  set: Set;
  errors: Errors;
  options: EditorOptions;
  instanceRules: InstanceRule[] | string;
}) {
  const { d, set, errors } = props;
  const listed = Array.isArray(props.instanceRules) ? props.instanceRules : [];
  const unknown = d.instance_rule_ids.filter((id) => !listed.some((r) => r.id === id));
  return (
    <fieldset>
      <legend>How it counts</legend>
      <div class="row">
        <Field id="weight" label="Weight" hint="added to the score when it hits" errors={errors}>
          <input
            id="rule-weight"
            name="weight"
            type="number"
            step="any"
            class={cls(errors, "weight")}
            value={d.weight}
            onInput={(e) => set({ weight: value(e) })}
          />
        </Field>
        <Field id="mode" label="Mode" hint="shadow: scored apart, never reported" errors={errors}>
          <Choice
            id="mode"
            value={d.mode}
            options={["shadow", "report"]}
            errors={errors}
            set={(v) => set({ mode: v })}
          />
        </Field>
        <Field id="category" label="Report category" errors={errors}>
          <Choice
            id="category"
            value={d.category}
            options={props.options.categories}
            errors={errors}
            set={(v) => set({ category: v })}
          />
        </Field>
      </div>
      <div class="row">
        <Field
          id="boolean_operator"
          label="Second pattern"
          hint="AND: both must match; OR: either"
          errors={errors}
        >
          <Choice
            id="boolean_operator"
            value={d.boolean_operator}
            options={["", "AND", "OR"]}
            errors={errors}
            set={(v) => set({ boolean_operator: v as Draft["boolean_operator"] })}
          />
        </Field>
        {d.boolean_operator
          ? (
            <Field id="secondary_pattern" label="Secondary pattern" errors={errors}>
              <input
                id="rule-secondary_pattern"
                name="secondary_pattern"
                type="text"
                class={cls(errors, "secondary_pattern")}
                value={d.secondary_pattern}
                onInput={(e) => set({ secondary_pattern: value(e) })}
              />
            </Field>
          )
          : null}
      </div>
      <Field
        id="instance_rule_ids"
        label="Server rules it enforces"
        hint="cited in the report"
        errors={errors}
      >
        <div class="checks" id="rule-instance_rule_ids">
          {typeof props.instanceRules === "string"
            ? <span class="hint">{props.instanceRules}</span>
            : listed.length === 0
            ? <span class="hint">This server lists no rules.</span>
            : null}
          {[...listed, ...unknown.map((id) => ({ id, text: `rule ${id} (no longer listed)` }))].map(
            (r) => (
              <label key={r.id}>
                <input
                  type="checkbox"
                  name="instance_rule_ids"
                  value={r.id}
                  checked={d.instance_rule_ids.includes(r.id)}
                  onChange={(e) =>
                    set({
                      instance_rule_ids: toggle(
                        d.instance_rule_ids,
                        r.id,
                        (e.target as HTMLInputElement).checked,
                      ),
                    })}
                />
                {r.text}
              </label>
            ),
          )}
        </div>
      </Field>
      <Field
        id="more_params"
        label="More parameters (JSON)"
        hint='e.g. {"min_statuses": 3}'
        errors={errors}
      >
        <textarea
          id="rule-more_params"
          name="more_params"
          rows={2}
          class={cls(errors, "more_params")}
          value={d.more_params}
          onInput={(e) => set({ more_params: value(e) })}
        />
      </Field>
      <div class="checks" data-field="enabled">
        <label>
          <input
            type="checkbox"
            name="enabled"
            checked={d.enabled}
            onChange={(e) => set({ enabled: (e.target as HTMLInputElement).checked })}
          />
          Enabled (scores accounts as they arrive)
        </label>
      </div>
    </fieldset>
  );
}
