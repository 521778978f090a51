"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { apiFetch, fieldErrors } from "@/lib/queries/api";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Field, Input, Textarea } from "../ui/field";

type TCreated = { skill: { name: string }; version: { version: string } };

export function NewSkillDialog({ ws, open, onOpenChange }: { ws: string; open: boolean; onOpenChange: (o: boolean) => void }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const create = useMutation({
    mutationFn: () => apiFetch<TCreated>(`/api/w/${ws}/skills`, { method: "POST", body: { name, description } }),
    onSuccess: ({ skill, version }) => {
      toast.success(`Created ${skill.name}@${version.version}.`);
      onOpenChange(false);
      setName("");
      setDescription("");
      router.push(`/w/${ws}/skills/${encodeURIComponent(skill.name)}`);
    },
  });
  const errors = fieldErrors(create.error);
  const general = create.error && !Object.keys(errors).length ? create.error.message : undefined;
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="New skill" description="Starts version 0.1.0 with a SKILL.md you can grow through distillation runs." testId="new-skill-dialog">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Field label="Name" htmlFor="skill-name" hint="kebab-case, at most 64 characters; agents load the skill by this name." error={errors.name ?? general}>
          <Input id="skill-name" data-testid="skill-name" value={name} onChange={(e) => setName(e.target.value.toLowerCase())} required autoFocus maxLength={64} placeholder="spreadsheet-basics" />
        </Field>
        <Field label="Description" htmlFor="skill-description" hint={`What it does and when to use it (the agent reads this to decide). ${description.length}/1024, no < or >.`} error={errors.description}>
          <Textarea id="skill-description" data-testid="skill-description" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} required maxLength={1024} />
        </Field>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" data-testid="skill-create-submit" disabled={create.isPending || !name.trim() || !description.trim()}>
            {create.isPending ? "Creating…" : "Create skill"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
