import Link from "next/link";

export default function NotFound() {
  return (
    <main className="page">
      <div className="empty-state card">
        <h1>Not found</h1>
        <p>There is no such page or data product. It may have been renamed or retired.</p>
        <Link href="/">Back to the catalog</Link>
      </div>
    </main>
  );
}
