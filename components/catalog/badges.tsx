import { KIND_LABELS, type Lifecycle, type ProductKind } from "@/lib/catalog/schemas";

export function KindBadge({ kind }: { kind: ProductKind }) {
  return <span className="badge badge-kind">{KIND_LABELS[kind]}</span>;
}

export function LifecycleBadge({ lifecycle }: { lifecycle: Lifecycle }) {
  return <span className={`badge badge-${lifecycle.toLowerCase()}`}>{lifecycle.toLowerCase()}</span>;
}

export function ClassificationBadge({ classification }: { classification: string }) {
  if (classification === "PII")
    return (
      <span className="badge badge-pii" title="Personally identifiable information">
        PII
      </span>
    );
  if (classification === "CONFIDENTIAL")
    return <span className="badge badge-confidential">confidential</span>;
  return <span className="badge">{classification.toLowerCase()}</span>;
}
