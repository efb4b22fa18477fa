/** What the publishing API answers, defined once (zod): the API document, the server and the wizard share it. */
import { z } from "zod";
import { PolicyViolationDto } from "@/lib/governance/dto";
import { Lifecycle, PortState, PortType } from "@/lib/generated/prisma/enums";

export const CreatedProductDto = z
  .object({
    slug: z.string(),
    lifecycle: z.enum(Lifecycle),
    /** What publishing would refuse today: fix these before publishing (a draft may have them). */
    violations: z.array(PolicyViolationDto),
  })
  .meta({ id: "CreatedProduct" });
export type CreatedProduct = z.infer<typeof CreatedProductDto>;

export const PortStateDto = z.object({
  id: z.uuid(),
  name: z.string(),
  type: z.enum(PortType),
  address: z.string(),
  state: z.enum(PortState),
  /** The broker's last error (failed), or why it is still waiting (provisioning). */
  error: z.string().nullable(),
});
export type PortStateItem = z.infer<typeof PortStateDto>;

export const PortResultDto = PortStateDto.extend({
  /** Policy violations of this port (on a draft they are warnings; publishing refuses them). */
  violations: z.array(PolicyViolationDto),
}).meta({ id: "PortResult" });
export type PortResult = z.infer<typeof PortResultDto>;

export const LifecycleResultDto = z
  .object({
    slug: z.string(),
    lifecycle: z.enum(Lifecycle),
    /** Every port after the change: provisioned, waiting for the broker, failed or retired. */
    ports: z.array(PortStateDto),
  })
  .meta({ id: "LifecycleResult" });
export type LifecycleResult = z.infer<typeof LifecycleResultDto>;

export const InputPortResultDto = z
  .object({ product: z.string(), portId: z.uuid(), declared: z.boolean() })
  .meta({ id: "InputPortResult" });
export type InputPortResult = z.infer<typeof InputPortResultDto>;

export const DeletedPortDto = z.object({ id: z.uuid(), deleted: z.literal(true) });
