// Exporting the laid-out lineage graph as an SVG or PNG file (in the browser).
import { toSvg, type Graph } from "@/lib/lineage/graph";
import type { LayoutResult } from "@/lib/lineage/layout";
import { NODE } from "./lineage-nodes";

function download(name: string, blob: Blob) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

async function svgToPng(svg: string): Promise<Blob> {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width;
  canvas.height = image.height;
  canvas.getContext("2d")!.drawImage(image, 0, 0);
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("PNG export failed"))), "image/png"),
  );
}

export function exportLineage(view: Graph, result: LayoutResult, name: string, kind: "svg" | "png"): void {
  const svg = toSvg(view, result, NODE);
  if (kind === "svg") download(`${name}.svg`, new Blob([svg], { type: "image/svg+xml" }));
  else void svgToPng(svg).then((png) => download(`${name}.png`, png));
}
