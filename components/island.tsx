/** Server side of an island: renders the component and marks where the browser hydrates it. */
import type { ComponentType } from "preact";

/** Props of the island wrapper. */
export interface IslandProps<P> {
  name: string;
  component: ComponentType<P>;
  props: P;
}

/** Renders `component` inside a marked element and loads its bundle from /static/build. */
export function Island<P>({ name, component: C, props }: IslandProps<P>) {
  return (
    <>
      <div data-island={name} data-props={JSON.stringify(props)}>
        {/* @ts-ignore: P is the component's own props */}
        <C {...props} />
      </div>
      <script type="module" src={`/static/build/${name}.js`}></script>
    </>
  );
}
