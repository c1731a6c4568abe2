// Registers <example-dice>: the entry of the widget's bundle (manifest `entry`).
import { ExampleDice } from './dice-roller.ts';

if (!customElements.get('example-dice')) customElements.define('example-dice', ExampleDice);

declare global {
  interface HTMLElementTagNameMap {
    'example-dice': ExampleDice;
  }
}
