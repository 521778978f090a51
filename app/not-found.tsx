import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto mt-24 max-w-md rounded-lg border border-slate-200 bg-white p-6 text-center shadow-sm">
      <h1 className="text-lg font-semibold">Page not found</h1>
      <p className="mt-2 text-sm text-slate-500">The address may be mistyped, or the thing it pointed to was removed.</p>
      <Link href="/" className="mt-4 inline-block text-sm text-brand-600 hover:underline">
        Go to your workspace
      </Link>
    </div>
  );
}
