/**
 * Shared option lists, as commits (see commits.ts). Each list is the entity `optionlist:<id>`
 * whose commit revision is the version number, so saving version n is inserting commit n: of two
 * writers saving the same version, the database lets exactly one in. The commit puts the newest
 * version into the `optionLists` view and relays the version itself to `optionListVersions`.
 */
import { summaryOf, type OptionListSummary, type OptionListVersion } from '../../forms/option-lists.js';
import type { EventRecord } from '../events.js';
import { refuse } from '../messages.js';
import type { Collections, OptionListDoc, OptionListVersionDoc } from './collections.js';
import type { CommitLog } from './commits.js';
import { logged } from './mapping.js';

const listEntity = (id: string): string => `optionlist:${id}`;
const versionDocId = (id: string, version: number): string => `${id}#${version}`;

function versionFromDoc(doc: OptionListVersionDoc | OptionListDoc): OptionListVersion {
  const { listId, version, name, description, team, options, changeNote, hash, createdBy, createdAt } = doc;
  return { listId, version, name, description, team, options, changeNote, hash, createdBy, createdAt };
}

export class OptionLists {
  constructor(
    private readonly c: Collections,
    private readonly log: CommitLog,
  ) {}

  /** Who made the list and when (its version 1), finishing that version's commit if a crash left it open. */
  private async firstVersion(id: string): Promise<OptionListVersion | null> {
    const read = () => this.c.optionListVersions.findOne({ _id: versionDocId(id, 1) });
    let doc = await read();
    if (!doc) {
      await this.log.settle(listEntity(id), 1);
      doc = await read();
    }
    return doc && versionFromDoc(doc);
  }

  async insert(v: OptionListVersion, event: EventRecord): Promise<void> {
    const entity = listEntity(v.listId);
    const stored = JSON.parse(JSON.stringify(v)) as OptionListVersion;
    let first: Pick<OptionListVersion, 'createdBy' | 'createdAt'> = stored;
    if (v.version > 1) {
      // Commits are never deleted, so the one before is there for good once it has been made.
      if (!(await this.log.get(entity, v.version - 1))) {
        throw (await this.log.get(entity, 1)) ? refuse.optionListGap(v.listId, v.version) : refuse.optionListMissing(v.listId);
      }
      first = (await this.firstVersion(v.listId)) ?? stored;
    }
    const state: OptionListDoc = { _id: v.listId, rev: v.version, ...stored, listCreatedBy: first.createdBy, listCreatedAt: first.createdAt };
    const won = await this.log.commit(
      {
        entity,
        rev: v.version,
        view: 'optionLists',
        state,
        relay: [...logged(event), { to: 'optionListVersions', doc: { _id: versionDocId(v.listId, v.version), ...stored } }],
      },
      'option-list.inserted',
    );
    if (won) return;
    if (v.version === 1) throw refuse.optionListExists(v.listId);
    await this.log.settle(entity, v.version);
    const newest = await this.c.optionLists.findOne({ _id: v.listId }, { projection: { version: 1 } });
    throw refuse.optionListStale(v.listId, v.version, newest?.version ?? v.version);
  }

  async get(id: string, version?: number): Promise<OptionListVersion | null> {
    const doc = version === undefined ? await this.c.optionLists.findOne({ _id: id }) : await this.c.optionListVersions.findOne({ _id: versionDocId(id, version) });
    return doc && versionFromDoc(doc);
  }

  async list(): Promise<OptionListSummary[]> {
    const docs = await this.c.optionLists.find({}).sort({ _id: 1 }).toArray();
    return docs.map((d) => summaryOf(versionFromDoc(d), { createdBy: d.listCreatedBy, createdAt: d.listCreatedAt }));
  }

  async versions(id: string): Promise<OptionListVersion[]> {
    return (await this.c.optionListVersions.find({ listId: id }).sort({ version: -1 }).toArray()).map(versionFromDoc);
  }
}
