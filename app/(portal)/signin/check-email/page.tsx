export const metadata = { title: "Check your e-mail" };

export default function CheckEmail() {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-8 text-center shadow-sm">
      <h1 className="text-xl font-semibold">Check your e-mail</h1>
      <p className="mt-2 text-slate-600">We sent you a sign-in link. It works once and expires in 24 hours.</p>
    </div>
  );
}
