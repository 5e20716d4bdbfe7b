import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A small collection on a subject of its own (36 invented mountain huts, three sentences
 * each), so that these tests depend on nothing in `corpus/` or the other fixtures. Each
 * hut has one feature no other has, which a question can find.
 */
const NAMES = [
  'Alder', 'Birch', 'Cedar', 'Dunlin', 'Ember', 'Falcon', 'Gentian', 'Heron', 'Ibex', 'Juniper', 'Kestrel', 'Larch',
  'Marmot', 'Nettle', 'Osprey', 'Ptarmigan', 'Quartz', 'Rowan', 'Saxifrage', 'Thistle', 'Umber', 'Vervain', 'Wren', 'Yarrow',
  'Zinnia', 'Aster', 'Bracken', 'Chough', 'Dipper', 'Edelweiss', 'Fescue', 'Gorse', 'Hazel', 'Iris', 'Jay', 'Kite',
];

const FEATURES = [
  'a telescope for watching the stars', 'its barley soup with smoked sausage', 'a sauna heated by a wood stove', 'a library of old climbing guides',
  'a resident dog that guides lost walkers', 'its apricot dumplings', 'a rope bridge over the gorge below it', 'an accordion player on Saturday nights',
  'its view of three glaciers', 'a chapel carved into the rock', 'its home-brewed juniper beer', 'a herd of goats that graze on its roof',
  'solar panels that power its kitchen', 'its cheese made from sheep milk', 'a helicopter landing pad for rescues', 'a weather station run by volunteers',
  'its collection of antique ice axes', 'a spring of mineral water', 'a climbing wall for children', 'a bell rung at sunrise',
  'its blueberry pancakes', 'a museum of mountain rescue', 'a hot tub made from a wine barrel', 'its guided mushroom walks',
  'a cable car for carrying luggage', 'a garden of alpine flowers', 'its homemade rye bread', 'a snow cave for overnight stays',
  'a chess board carved from stone', 'its bird-watching hide', 'a painting school in August', 'its yak butter tea',
  'a waterfall beside the terrace', 'a cinema in the old hay loft', 'its honey from mountain bees', 'a sundial on the south wall',
];

const MONTHS = ['May', 'June', 'July'];
const CLOSING = ['September', 'October', 'November'];
const SIDES = ['north', 'south', 'east', 'west'];

export const HUT_COUNT = NAMES.length;

/** The file name (and document id) of hut `i`. */
export function hutId(i: number): string {
  return `${NAMES[i]!.toLowerCase()}-hut`;
}

/** The feature only hut `i` has. */
export function hutFeature(i: number): string {
  return FEATURES[i]!;
}

/** Writes the collection into `dir` as Markdown files. */
export async function writeHutCorpus(dir: string): Promise<void> {
  for (let i = 0; i < NAMES.length; i++) {
    const name = `${NAMES[i]} Hut`;
    const text = [
      `# ${name}`,
      '',
      `${name} stands at ${1500 + 37 * i} metres on the ${SIDES[i % 4]} ridge above the village of ${NAMES[(i + 7) % NAMES.length]}ford.`,
      `It has ${8 + ((i * 5) % 40)} bunks and is open from ${MONTHS[i % 3]} to ${CLOSING[(i + 1) % 3]}.`,
      `The hut is known for ${FEATURES[i]}.`,
      '',
    ].join('\n');
    await writeFile(join(dir, `${hutId(i)}.md`), text);
  }
}
