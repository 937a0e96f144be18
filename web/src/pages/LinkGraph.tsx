// Linked persons as a graph (cytoscape): the person in the middle, each link an edge labelled with its kind.
// Persons the viewer may not see appear as "not visible to you", never with a name.
import cytoscape from 'cytoscape';
import { useEffect, useRef } from 'react';

export interface GraphNode {
  id: string;
  label: string;
  visible: boolean;
}

export function LinkGraph({ center, nodes, edges }: { center: GraphNode; nodes: GraphNode[]; edges: { from: string; to: string; kind: string }[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const cy = cytoscape({
      container: ref.current,
      elements: [
        { data: { id: center.id, label: center.label }, classes: 'center' },
        ...nodes.filter((n) => n.id !== center.id).map((n) => ({ data: { id: n.id, label: n.label }, classes: n.visible ? '' : 'hidden' })),
        ...edges.filter((e) => e.to === center.id || nodes.some((n) => n.id === e.to)).map((e, i) => ({ data: { id: `e${i}`, source: e.from, target: e.to, label: e.kind } })),
      ],
      style: [
        { selector: 'node', style: { label: 'data(label)', color: '#e6edf3', 'background-color': '#4ea1ff', 'font-size': 11, 'text-valign': 'bottom', 'text-margin-y': 4 } },
        { selector: 'node.center', style: { 'background-color': '#ffb020', width: 36, height: 36 } },
        { selector: 'node.hidden', style: { 'background-color': '#2a3642' } },
        { selector: 'edge', style: { label: 'data(label)', color: '#8b98a5', 'font-size': 9, width: 2, 'line-color': '#2a3642', 'curve-style': 'bezier' } },
      ],
      layout: { name: 'concentric', minNodeSpacing: 60 },
      userZoomingEnabled: true,
    });
    return () => cy.destroy();
  }, [center, nodes, edges]);
  return <div ref={ref} className="graph" data-testid="link-graph" data-nodes={nodes.length + 1} />;
}
