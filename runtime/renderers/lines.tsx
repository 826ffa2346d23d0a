/** Text that may hold line breaks (long answers), shown with them, without CSS or innerHTML. */
import { Fragment } from 'react';

export function Lines(props: { text: string }) {
  const lines = props.text.split(/\r\n|\r|\n/);
  return (
    <>
      {lines.map((line, i) => (
        <Fragment key={i}>
          {i > 0 ? <br /> : null}
          {line}
        </Fragment>
      ))}
    </>
  );
}
