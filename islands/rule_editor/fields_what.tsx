/** What a rule looks for: name, description, detector, its check, pattern and fields. */
import { type Draft, paramControls } from "./draft.ts";
import {
  Choice,
  cls,
  type EditorOptions,
  type Errors,
  Field,
  PATTERN_HINTS,
  type Set,
  toggle,
  value,
} from "./controls.tsx";

/** What the rule is: name, description, detector and its pattern and params. */
export function WhatFields(
  { d, set, errors, options }: { d: Draft; set: Set; errors: Errors; options: EditorOptions },
) {
  const c = paramControls(d.detector_type);
  return (
    <fieldset>
      <legend>What it looks for</legend>
      <div class="row">
        <Field id="name" label="Name" errors={errors}>
          <input
            id="rule-name"
            name="name"
            type="text"
            class={cls(errors, "name")}
            value={d.name}
            onInput={(e) => set({ name: value(e) })}
          />
        </Field>
        <Field id="detector_type" label="Detector" errors={errors}>
          <Choice
            id="detector_type"
            value={d.detector_type}
            options={options.detectors}
            errors={errors}
            set={(v) => set({ detector_type: v, check: "" })}
          />
        </Field>
      </div>
      <Field id="description" label="Description" hint="What it catches and why" errors={errors}>
        <textarea
          id="rule-description"
          name="description"
          rows={2}
          value={d.description}
          onInput={(e) => set({ description: value(e) })}
        />
      </Field>
      {c.check
        ? (
          <Field id="check" label="Check" errors={errors}>
            <Choice
              id="check"
              value={d.check}
              options={["", ...(options.checks[d.detector_type] ?? [])]}
              errors={errors}
              set={(v) => set({ check: v })}
            />
          </Field>
        )
        : null}
      <Field id="pattern" label="Pattern" hint={PATTERN_HINTS[d.detector_type]} errors={errors}>
        <textarea
          id="rule-pattern"
          name="pattern"
          rows={3}
          class={cls(errors, "pattern")}
          value={d.pattern}
          onInput={(e) => set({ pattern: value(e) })}
        />
      </Field>
      {c.match
        ? (
          <Field id="match" label="Match" errors={errors}>
            <Choice
              id="match"
              value={d.match}
              options={["word", "substring"]}
              errors={errors}
              set={(v) => set({ match: v })}
            />
          </Field>
        )
        : null}
      {c.caseSensitive
        ? (
          <div class="checks" data-field="case_sensitive">
            <label>
              <input
                type="checkbox"
                name="case_sensitive"
                checked={d.case_sensitive}
                onChange={(e) => set({ case_sensitive: (e.target as HTMLInputElement).checked })}
              />
              Case-sensitive
            </label>
          </div>
        )
        : null}
      {c.targetFields
        ? (
          <Field
            id="target_fields"
            label="Look in"
            hint={`none ticked: ${options.defaultTextFields.join(", ")}`}
            errors={errors}
          >
            <div class="checks" id="rule-target_fields">
              {options.textFields.map((f) => (
                <label key={f}>
                  <input
                    type="checkbox"
                    name="target_fields"
                    value={f}
                    checked={d.target_fields.includes(f)}
                    onChange={(e) =>
                      set({
                        target_fields: toggle(
                          d.target_fields,
                          f,
                          (e.target as HTMLInputElement).checked,
                        ),
                      })}
                  />
                  {f}
                </label>
              ))}
            </div>
          </Field>
        )
        : null}
    </fieldset>
  );
}
