/**
 * The rule-quality parts of the admin UI in headless Chromium: outcomes read back from the
 * rules list's button, precision and the noisy flag on the rules list and a rule's page, what a
 * shadow rule would have reported, and its promotion in one click with the reason audited.
 */
import assert from "node:assert/strict";
import { assertSound, hasChromium, logIn, shoot, startBrowserStack } from "./harness.ts";

interface RuleAnswer {
  id: string;
  name: string;
  reports: { open: number; actioned: number; dismissed: number };
  precision: number | null;
}

Deno.test({
  name: "a moderator reads rules' precision and promotes a shadow rule in a browser",
  ignore: !hasChromium,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async (t) => {
    const s = await startBrowserStack();
    const { stack, base } = s;
    const sql = stack.service.ctx.sql;
    try {
      const { page } = await s.newPage();
      await logIn(page, base, "moderator");

      await t.step(
        "decisions read back from the rules list show as precision and noisy",
        async () => {
          // Moderators dismiss every report but the first, which they act on.
          for (const [i, r] of stack.dev.server.dev.state.reports.entries()) {
            const res = await fetch(`${stack.dev.url}/_dev/reports/${r.id}/resolve`, {
              method: "POST",
              body: JSON.stringify(
                i === 0 ? { action_taken: true, action: "suspend" } : {
                  action_taken: false,
                },
              ),
            });
            assert.equal(res.status, 200);
            await res.body?.cancel();
          }
          await page.goto(`${base}/rules`);
          await page.click("[data-sync-outcomes]");
          await page.waitForURL(`${base}/rules`);
          const answer = await (await stack.api("/analytics/rules?days=30")).json();
          const decided = (answer.rules as RuleAnswer[]).filter((r) =>
            r.reports.actioned + r.reports.dismissed > 0
          );
          assert.ok(decided.length > 0, "the decisions were read back");
          for (const r of decided) {
            const shown = await page.textContent(`[data-reports="${r.id}"]`);
            const { actioned, dismissed, open } = r.reports;
            assert.equal(
              shown?.replace(/\s+/g, " ").trim(),
              `${actioned} actioned, ${dismissed} dismissed, ${open} open`,
            );
            const precision = await page.textContent(`[data-precision="${r.id}"]`);
            assert.match(precision ?? "", new RegExp(`^${Math.round(r.precision! * 100)}%`));
          }
          const noisy = answer.noisy as { id: string; suggestions: string[] }[];
          assert.ok(noisy.length > 0, "a rule whose reports were dismissed is noisy");
          assert.match(await page.textContent(`[data-precision="${noisy[0].id}"]`) ?? "", /noisy/);
          await assertSound(page);
          await shoot(page, "rules-precision");

          await page.goto(`${base}/rules/${noisy[0].id}`);
          assert.ok(await page.isVisible("[data-noisy]"), "the rule's page flags it");
          const suggestions = await page.locator("[data-suggestion]").allTextContents();
          assert.deepEqual(suggestions, noisy[0].suggestions);
          await assertSound(page);
          await shoot(page, "rule-noisy");
        },
      );

      await t.step(
        "a shadow rule's page shows what it would have reported, then promotes it",
        async () => {
          const created = await stack.api("/rules", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ name: "Shadow probe", detector_type: "keyword", pattern: "x" }),
          });
          assert.equal(created.status, 201);
          const rule = await created.json();
          assert.equal(rule.mode, "shadow", "a rule created without a mode is a shadow rule");
          // Two reported accounts re-analysed since, one actioned and one dismissed: the probe
          // hit them in shadow mode.
          const targets = await sql<{ account_id: string }[]>`
            (SELECT r.account_id FROM reports r JOIN report_outcomes o ON o.report_id = r.id
             WHERE o.outcome = 'actioned' LIMIT 1)
            UNION ALL
            (SELECT r.account_id FROM reports r JOIN report_outcomes o ON o.report_id = r.id
             WHERE o.outcome = 'dismissed' LIMIT 1)`;
          assert.equal(targets.length, 2);
          for (const [i, target] of targets.entries()) {
            await sql`INSERT INTO analyses (account_id, run_id, score, shadow_score, hits)
            VALUES (${target.account_id}, ${`probe-${i}`}, 1, 11, ${
              sql.json([{
                rule: {
                  id: rule.id,
                  name: rule.name,
                  version: 1,
                  mode: "shadow",
                  category: "spam",
                  instance_rule_ids: [],
                },
                weight: 10,
                evidence: [],
              }])
            })`;
          }
          await page.goto(`${base}/rules/${rule.id}`);
          assert.equal(await page.textContent("[data-would-report]"), "2");
          assert.equal(await page.textContent("[data-overlap-actioned]"), "1");
          assert.equal(await page.textContent("[data-overlap-dismissed]"), "1");
          assert.equal(await page.locator("table.would-report tbody tr").count(), 2);
          await assertSound(page);
          await shoot(page, "rule-shadow");

          await page.fill('input[name="reason"]', "both would-be reports look right");
          await page.click("[data-promote]");
          await page.waitForURL(`${base}/rules/${rule.id}`);
          assert.equal(await page.locator("[data-promote]").count(), 0, "promoted: no more button");
          assert.match(await page.textContent("[data-reason]") ?? "", /both would-be reports/);
          const [row] = await sql<{ actor: string; details: { reason: string } }[]>`
          SELECT actor, details FROM audit_log WHERE action = 'rule.promoted'`;
          assert.equal(row.actor, "@moderator");
          assert.equal(row.details.reason, "both would-be reports look right");
          const stored = await (await stack.api(`/rules/${rule.id}`)).json();
          assert.equal(stored.mode, "report");
          await assertSound(page);
        },
      );
    } finally {
      await s.close();
    }
  },
});
