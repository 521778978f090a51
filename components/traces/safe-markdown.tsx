import Markdown, { defaultUrlTransform } from "react-markdown";
import remarkGfm from "remark-gfm";

// Trace text is untrusted. Raw HTML inside markdown is turned into plain text (so a reviewer sees
// `<img onerror=…>` literally instead of nothing), and the URL transform keeps only http(s)/mailto
// links, so javascript: or data: URLs become inert.
type TNode = { type: string; value?: string; children?: TNode[] };
function htmlAsText() {
  const walk = (node: TNode) => {
    if (node.type === "html") node.type = "text";
    node.children?.forEach(walk);
  };
  return (tree: TNode) => walk(tree);
}

function safeUrl(url: string): string {
  const cleaned = defaultUrlTransform(url);
  return /^(https?:|mailto:|#|\/)/i.test(cleaned) ? cleaned : "";
}

export function SafeMarkdown({ text }: { text: string }) {
  return (
    <div className="prose-trace text-sm leading-relaxed text-slate-800 [&_a]:text-brand-600 [&_a]:underline [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_code]:font-mono [&_code]:text-[12px] [&_li]:ml-5 [&_ol]:list-decimal [&_p]:my-1 [&_pre]:my-2 [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-slate-900 [&_pre]:p-3 [&_pre]:text-slate-100 [&_pre_code]:bg-transparent [&_pre_code]:text-slate-100 [&_ul]:list-disc [&_table]:text-xs [&_td]:border [&_td]:px-1 [&_th]:border [&_th]:px-1">
      <Markdown remarkPlugins={[remarkGfm, htmlAsText]} urlTransform={safeUrl} components={{ a: ({ href, children }) => (href ? <a href={href} target="_blank" rel="noopener noreferrer nofollow">{children}</a> : <span>{children}</span>), img: ({ alt }) => <span className="text-slate-400">[image: {alt}]</span> }}>
        {text}
      </Markdown>
    </div>
  );
}
