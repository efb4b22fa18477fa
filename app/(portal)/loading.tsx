export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading">
      <div className="loading-bar" />
      {[0, 1, 2].map((i) => (
        <div key={i} className="skeleton" />
      ))}
    </div>
  );
}
