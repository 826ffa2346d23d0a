/** The controlled pattern from the JSON Forms documentation, with the vanilla renderer set. */
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { JsonForms } from '@jsonforms/react';
import { vanillaCells, vanillaRenderers } from '@jsonforms/vanilla-renderers';

function Stock({ schema, uischema }: { schema: object; uischema: object }) {
  const [data, setData] = useState<unknown>({});
  (window as unknown as { stockData: () => unknown }).stockData = () => data;
  return <JsonForms schema={schema} uischema={uischema as never} data={data} renderers={vanillaRenderers} cells={vanillaCells} onChange={({ data: d }) => setData(d)} />;
}

const definition = (await (await fetch('/form.json')).json()) as { schema: object; uischema: object };
createRoot(document.getElementById('app')!).render(<Stock schema={definition.schema} uischema={definition.uischema} />);
