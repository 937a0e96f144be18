// Labelled form fields: the label above its input, as every form of the console lays them out.
import type { ChangeEventHandler, InputHTMLAttributes } from 'react';
import { Options } from './Options.js';

export function TextField({ label, ...input }: { label: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label>
      {label}
      <input {...input} />
    </label>
  );
}

export function SelectField({ label, values, ...select }: { label: string; values: readonly string[]; name?: string; value: string; onChange: ChangeEventHandler<HTMLSelectElement> }) {
  return (
    <label>
      {label}
      <select {...select}>
        <Options values={values} />
      </select>
    </label>
  );
}
