/** Inputs of the contract monitor's routes. */
import { z } from "zod";
import { rowId } from "@/lib/core/schema-primitives";

export const IncidentParams = z.object({ portId: rowId("a port id"), incidentId: rowId("an incident id") });

/** `POST /api/v1/ports/{portId}/incidents/{incidentId}`: an owner acknowledges or resolves an incident. */
export const IncidentActionSchema = z.object({ action: z.enum(["acknowledge", "resolve"]) }).strict();
export type IncidentAction = z.infer<typeof IncidentActionSchema>;
