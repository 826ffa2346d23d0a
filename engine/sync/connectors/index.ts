/**
 * The connector kinds this build knows. A new kind (SFTP, a vendor's SOAP API) is a new module
 * implementing ConnectorKind (../model.ts), listed here.
 */
import type { ConnectorKind } from '../model.js';
import { fileDropConnector } from './file-drop.js';
import { httpConnector } from './http.js';

export const CONNECTOR_KINDS: ReadonlyMap<string, ConnectorKind> = new Map([httpConnector, fileDropConnector].map((k) => [k.kind, k]));
