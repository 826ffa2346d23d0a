/** mulberry32: a small seeded generator, so that what a test does "at random" runs the same way each time (the one audit samples are drawn with). */
export { seededRandom } from '../../engine/audits/sample.js';
