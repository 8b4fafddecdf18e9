// Types for the parts of net-snmp 3.29 this package uses (net-snmp ships no types;
// @types/net-snmp lags behind the library). Only what src/ and test/ call is declared.
declare module 'net-snmp' {
  import type { EventEmitter } from 'node:events';

  namespace snmp {
    interface Varbind {
      oid: string;
      type: number;
      value: unknown;
    }

    interface SessionOptions {
      port?: number;
      retries?: number;
      timeout?: number;
      backoff?: number;
      transport?: 'udp4' | 'udp6';
      version?: number;
      idBitsSize?: 16 | 32;
      engineID?: string;
      context?: string;
    }

    interface User {
      name: string;
      level: number;
      authProtocol?: number;
      authKey?: string;
      privProtocol?: number;
      privKey?: string;
    }

    interface Session extends EventEmitter {
      /** Set once an SNMPv3 agent answered engine discovery (a Report PDU). */
      msgSecurityParameters?: unknown;
      get(oids: string[], callback: (error: Error | null, varbinds?: Varbind[]) => void): void;
      close(): void;
    }

    interface MibRequest {
      oid: string;
      operation: number;
      instanceNode: { value: unknown; valueType: number };
      done(error?: { errorStatus: number; type?: number; value?: unknown }): void;
    }

    interface TableColumn {
      number: number;
      name: string;
      type: number;
      maxAccess: number;
    }

    interface ProviderDefinition {
      name: string;
      type: number;
      oid: string;
      maxAccess: number;
      scalarType?: number;
      tableColumns?: TableColumn[];
      tableIndex?: { columnName: string }[];
      handler?: (request: MibRequest) => void;
    }

    interface Mib {
      registerProvider(definition: ProviderDefinition): void;
      unregisterProvider(name: string): void;
      setScalarValue(name: string, value: unknown): void;
      addTableRow(name: string, row: unknown[]): void;
      getProviders(): Record<string, ProviderDefinition>;
    }

    interface Authorizer {
      addCommunity(community: string): void;
      addUser(user: User): void;
    }

    interface AgentOptions {
      port?: number;
      address?: string | null;
      transport?: 'udp4' | 'udp6';
      disableAuthorization?: boolean;
      engineID?: string;
    }

    interface Agent {
      getMib(): Mib;
      getAuthorizer(): Authorizer;
      close(callback?: (socket: { address: string; family: string; port: number }) => void): void;
    }

    const Version1: number;
    const Version2c: number;
    const Version3: number;
    const ObjectType: Record<string, number> & Record<number, string>;
    const ErrorStatus: Record<string, number> & Record<number, string>;
    const SecurityLevel: { noAuthNoPriv: number; authNoPriv: number; authPriv: number } & Record<number, string>;
    const AuthProtocols: Record<string, number> & Record<number, string>;
    const PrivProtocols: Record<string, number> & Record<number, string>;
    const MibProviderType: { Scalar: number; Table: number };
    const MaxAccess: Record<string, number>;
    const ResponseInvalidCode: Record<string, number> & Record<number, string>;

    function createSession(target: string, community: string, options?: SessionOptions): Session;
    function createV3Session(target: string, user: User, options?: SessionOptions): Session;
    function createAgent(
      options: AgentOptions,
      callback: (error: Error | null, data: unknown) => void,
      mib?: Mib,
    ): Agent;
    function isVarbindError(varbind: Varbind): boolean;
    function varbindError(varbind: Varbind): string;
  }

  export = snmp;
}
