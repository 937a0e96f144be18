import { expect, it } from 'vitest';
import { subjectKind } from '../../src/domain/records.js';
import { CLI_META } from '../../src/services/audit-service.js';
import { describeOnStores, openTestContext } from '../support/db.js';
import { buildCell, buildEnvelope, buildUser, justified } from '../support/factories.js';
import { buildReportBody, buildSubjectBody, subjectEnvelope } from '../support/records.js';
import { reportKind } from '../../src/domain/records.js';

describeOnStores('export and import of the cell’s own JSON', (t) => {
  it('round-trips every item with its envelope, idempotent by id and version, all or nothing', async () => {
    const { ctx } = t();
    await buildCell(ctx);
    const analyst = await buildUser(ctx, { agency: 'MA-DGST' });
    const fr = await buildUser(ctx, { agency: 'FR-DGSI' });
    const subject = await ctx.items.create(analyst.actor, subjectKind, { envelope: subjectEnvelope({ releaseTo: { countries: ['FR'], agencies: [] }, handling: { code: 'H1' } }), body: buildSubjectBody() }, justified);
    await ctx.items.create(analyst.actor, reportKind, { envelope: buildEnvelope(), body: buildReportBody() }, justified);
    const file = await ctx.transfer.export(null, CLI_META);
    expect(file.items).toHaveLength(2);

    const other = await openTestContext(t().database, {}, { separate: true });
    try {
      await buildCell(other.ctx);
      const first = await other.ctx.transfer.import(JSON.parse(JSON.stringify(file)), CLI_META);
      expect(first).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
      const copy = await other.ctx.store.items.find(subject.id);
      expect(copy!.envelope).toEqual(subject.envelope);
      expect(copy!.body).toEqual(subject.body);
      expect(await other.ctx.transfer.import(file, CLI_META)).toMatchObject({ created: 0, updated: 0, unchanged: 2 });

      await ctx.items.update(analyst.actor, subjectKind, subject.id, { body: { ...subject.body, datesOfBirth: ['1994-03-12'] }, reason: 'passport copy' }, 1, justified);
      const second = await ctx.transfer.export(null, CLI_META);
      expect(await other.ctx.transfer.import(second, CLI_META)).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
      expect((await other.ctx.store.items.find(subject.id))!.version).toBe(2);
      expect(await other.ctx.transfer.import(file, CLI_META)).toMatchObject({ newerInStore: 1, unchanged: 1 });

      const broken = structuredClone(second);
      broken.items.push({ ...broken.items[0]!, id: 'new-one', envelope: { ...broken.items[0]!.envelope, originator: 'XX-NOBODY' } });
      const before = await other.ctx.store.items.all(null, 'subject');
      await expect(other.ctx.transfer.import(broken, CLI_META)).rejects.toMatchObject({ code: 'bad_import_file' });
      await expect(other.ctx.transfer.import({ hello: 'world' }, CLI_META)).rejects.toMatchObject({ code: 'bad_import_file' });
      expect(await other.ctx.store.items.all(null, 'subject')).toHaveLength(before.length);
    } finally {
      await other.close();
    }

    // A user's export holds only what the policy lets them export: France gets the released subject, not the report.
    const frExport = await ctx.transfer.export(fr.actor, justified);
    expect(frExport.items.map((i) => i.id)).toEqual([subject.id]);
    const withoutReason = await ctx.transfer.export(fr.actor, CLI_META);
    expect(withoutReason.items).toHaveLength(0); // personal data needs a justification
  });
});
