import{r as q,j as m,b as Se,g as Lo}from"./react-BjMCYcCU.js";import{o as w,r as ze,s as k,g as mn,b as ve,a as ee,c as fe,h as fn,l as Et,u as he,z as Ye,n as Me,e as F,p as W,i as j,j as l,k as O,m as M,q as z,t as c,v as A,w as E,x as h,y as $,_ as ue,A as le,B as Ho,C as K,D as Uo,E as gn,F as bn,G as Fo,H as yn,I as zo,J as vn,K as Gt,L as Os}from"./chat-zod-CGnpf1Bq.js";import{H as Bo,r as Vo}from"./chat-core-BGM329oH.js";import{c as Wo}from"./chat-agui-BjmxkzTa.js";function Jo(s,e){for(var t=0;t<e.length;t++){const n=e[t];if(typeof n!="string"&&!Array.isArray(n)){for(const o in n)if(o!=="default"&&!(o in s)){const r=Object.getOwnPropertyDescriptor(n,o);r&&Object.defineProperty(s,o,r.get?r:{enumerable:!0,get:()=>n[o]})}}}return Object.freeze(Object.defineProperty(s,Symbol.toStringTag,{value:"Module"}))}const Ko="mcp-apps",wn=new Set(["javascript:","data:","vbscript:","blob:","file:"]),Qo=w({result:w({content:fe(ee()).optional(),structuredContent:ee().optional(),isError:ve().optional()}),resourceUri:k(),serverHash:k(),serverId:k().optional(),toolInput:ze(k(),mn()).optional()});async function xn({host:s,agent:e,capturedThreadId:t}){const n=e.threadId||"default",o=t||"default";return n===o?s.runAgent({agent:e}):(console.warn(`[MCPAppsRenderer] ui/message follow-up dropped: the thread changed (${o} → ${n}) between enqueue and execution, so running it would leak into the now-foreground thread.`),{result:void 0,newMessages:[]})}const Nd="default",Zo="root";class Mt extends Error{constructor(e,t="UNKNOWN_ERROR"){super(e),this.name=this.constructor.name,this.code=t,Error.captureStackTrace&&Error.captureStackTrace(this,this.constructor)}}class zt extends Mt{constructor(e,t){super(e,"VALIDATION_ERROR"),this.details=t}}class Ke extends Mt{constructor(e,t){super(e,"DATA_ERROR"),this.path=t}}class de extends Mt{constructor(e,t,n){super(e,"EXPRESSION_ERROR"),this.expression=t,this.details=n}}class Oe extends Mt{constructor(e){super(e,"STATE_ERROR")}}function L(s,e){return{name:s.name,returnType:s.returnType,schema:s.schema,execute:e}}class os{constructor(e,t,n=[],o){this.id=e;const r=new Map;for(const a of t)r.set(a.name,a);this.components=r;const i=new Map;for(const a of n)i.set(a.name,a);this.functions=i,this.themeSchema=o,this.invoker=(a,d,g,u)=>{const p=this.functions.get(a);if(!p)throw new de(`Function not found in catalog '${this.id}': ${a}`,a);try{const y=p.schema.parse(d);return p.execute(y,g,u)}catch(y){throw y?.name==="ZodError"||y instanceof fn?new de(`Validation failed for function '${a}': ${y.message}`,a,y.errors??y.issues):y}}}}class _e{constructor(){this.listeners=new Set}subscribe(e){return this.listeners.add(e),{unsubscribe:()=>this.listeners.delete(e)}}async emit(e){for(const t of this.listeners)try{await t(e)}catch(n){console.error("EventEmitter error:",n)}}dispose(){this.listeners.clear()}}var Go=Symbol.for("preact-signals");function Pt(){if(ye>1)ye--;else{var s,e=!1;for((function(){var o=Ct;for(Ct=void 0;o!==void 0;){var r=o.S;if(r.v===o.v)for(var i=r.t;i!==void 0;i=i.x)i.i===o.i&&(i.i=r.i);o=o.o}})();et!==void 0;){var t=et;for(et=void 0,kt++;t!==void 0;){var n=t.u;if(t.u=void 0,t.f&=-3,!(8&t.f)&&Sn(t))try{t.c()}catch(o){e||(s=o,e=!0)}t=n}}if(kt=0,ye--,e)throw s}}function Yo(s){if(ye>0)return s();Yt=++Xo,ye++;try{return s()}finally{Pt()}}var Xe,U=void 0;function Nt(s){var e=U,t=Xe;U=void 0,Xe=void 0;try{return s()}finally{U=e,Xe=t}}var et=void 0,ye=0,kt=0,Xo=0,Yt=0,Ct=void 0,At=0;function _n(s){if(U!==void 0){var e=s.n;if(e===void 0||e.t!==U)return e={i:0,S:s,p:U.s,n:void 0,t:U,e:void 0,x:void 0,r:e},U.s!==void 0&&(U.s.n=e),U.s=e,s.n=e,32&U.f&&s.S(e),e;if(e.i===-1)return e.i=0,e.n!==void 0&&(e.n.p=e.p,e.p!==void 0&&(e.p.n=e.n),e.p=U.s,e.n=void 0,U.s.n=e,U.s=e),e}}function oe(s,e){this.v=s,this.i=0,this.n=void 0,this.t=void 0,this.l=0,this.W=e?.watched,this.Z=e?.unwatched,this.name=e?.name}oe.prototype.brand=Go;oe.prototype.h=function(){return!0};oe.prototype.S=function(s){var e=this,t=this.t;t!==s&&s.e===void 0&&(s.x=t,this.t=s,t!==void 0?t.e=s:Nt(function(){var n;(n=e.W)==null||n.call(e)}))};oe.prototype.U=function(s){var e=this;if(this.t!==void 0){var t=s.e,n=s.x;t!==void 0&&(t.x=n,s.e=void 0),n!==void 0&&(n.e=t,s.x=void 0),s===this.t&&(this.t=n,n===void 0&&Nt(function(){var o;(o=e.Z)==null||o.call(e)}))}};oe.prototype.subscribe=function(s){var e=this;return $n(function(){var t=e.value;Nt(function(){return s(t)})},{name:"sub"})};oe.prototype.valueOf=function(){return this.value};oe.prototype.toString=function(){return this.value+""};oe.prototype.toJSON=function(){return this.value};oe.prototype.peek=function(){var s=this;return Nt(function(){return s.value})};Object.defineProperty(oe.prototype,"value",{get:function(){var s=_n(this);return s!==void 0&&(s.i=this.i),this.v},set:function(s){if(s!==this.v){if(kt>100)throw new Error("Cycle detected");(function(t){ye!==0&&kt===0&&t.l!==Yt&&(t.l=Yt,Ct={S:t,v:t.v,i:t.i,o:Ct})})(this),this.v=s,this.i++,At++,ye++;try{for(var e=this.t;e!==void 0;e=e.x)e.t.N()}finally{Pt()}}}});function er(s,e){return new oe(s,e)}function Sn(s){for(var e=s.s;e!==void 0;e=e.n)if(e.S.i!==e.i||!e.S.h()||e.S.i!==e.i)return!0;return!1}function kn(s){for(var e=s.s;e!==void 0;e=e.n){var t=e.S.n;if(t!==void 0&&(e.r=t),e.S.n=e,e.i=-1,e.n===void 0){s.s=e;break}}}function Cn(s){for(var e=s.s,t=void 0;e!==void 0;){var n=e.p;e.i===-1?(e.S.U(e),n!==void 0&&(n.n=e.n),e.n!==void 0&&(e.n.p=n)):t=e,e.S.n=e.r,e.r!==void 0&&(e.r=void 0),e=n}s.s=t}function Ce(s,e){oe.call(this,void 0,e),this.x=s,this.s=void 0,this.g=At-1,this.f=4}Ce.prototype=new oe;Ce.prototype.h=function(){if(this.f&=-3,1&this.f)return!1;if((36&this.f)==32||(this.f&=-5,this.g===At))return!0;if(this.g=At,this.f|=1,this.i>0&&!Sn(this))return this.f&=-2,!0;var s=U;try{kn(this),U=this;var e=this.x();(16&this.f||this.v!==e||this.i===0)&&(this.v=e,this.f&=-17,this.i++)}catch(t){this.v=t,this.f|=16,this.i++}return U=s,Cn(this),this.f&=-2,!0};Ce.prototype.S=function(s){if(this.t===void 0){this.f|=36;for(var e=this.s;e!==void 0;e=e.n)e.S.S(e)}oe.prototype.S.call(this,s)};Ce.prototype.U=function(s){if(this.t!==void 0&&(oe.prototype.U.call(this,s),this.t===void 0)){this.f&=-33;for(var e=this.s;e!==void 0;e=e.n)e.S.U(e)}};Ce.prototype.N=function(){if(!(2&this.f)){this.f|=6;for(var s=this.t;s!==void 0;s=s.x)s.t.N()}};Object.defineProperty(Ce.prototype,"value",{get:function(){if(1&this.f)throw new Error("Cycle detected");var s=_n(this);if(this.h(),s!==void 0&&(s.i=this.i),16&this.f)throw this.v;return this.v}});function tr(s,e){return new Ce(s,e)}function An(s){var e=s.j;if(s.j=void 0,typeof e=="function"){ye++;var t=U;U=void 0;try{e()}catch(n){throw s.f&=-2,s.f|=8,rs(s),n}finally{U=t,Pt()}}}function rs(s){for(var e=s.s;e!==void 0;e=e.n)e.S.U(e);s.x=void 0,s.s=void 0,An(s)}function sr(s){if(U!==this)throw new Error("Out-of-order effect");Cn(this),U=s,this.f&=-2;try{8&this.f&&rs(this)}finally{Pt()}}function Be(s,e){this.x=s,this.j=void 0,this.s=void 0,this.u=void 0,this.f=32,this.name=e?.name,Xe&&Xe.push(this)}Be.prototype.c=function(){var s=this.S();try{if(8&this.f||this.x===void 0)return;var e=this.x();typeof e=="function"&&(this.j=e)}finally{s()}};Be.prototype.S=function(){if(1&this.f)throw new Error("Cycle detected");this.f|=1,this.f&=-9,An(this),kn(this),ye++;var s=U;return U=this,sr.bind(this,s)};Be.prototype.N=function(){2&this.f||(this.f|=2,this.u=et,et=this)};Be.prototype.d=function(){this.f|=8,1&this.f||rs(this)};Be.prototype.dispose=function(){this.d()};function $n(s,e){var t=new Be(s,e);try{t.c()}catch(o){throw t.d(),o}var n=t.d.bind(t);return n[Symbol.dispose]=n,n}let Tn,Rn,In,En,Mn,Pn,Nn,jn;const nr={signal:er,computed:tr,effect:$n,batchWrite:Yo,isSignal:s=>!!s&&typeof s=="object"&&"value"in s&&"peek"in s,getValue:s=>s.value,setValue:(s,e)=>{s instanceof Ce||(s.value=e)},peekValue:s=>s.peek()};or(nr);function or(s){Tn=s.signal,Rn=s.computed,In=s.effect,En=s.batchWrite,Mn=s.isSignal,Pn=s.getValue,Nn=s.setValue,jn=s.peekValue}function Ge(s){return Tn(s)}function qn(s){return Rn(s)}function wt(s){return In(s)}function Ls(s){return En(s)}function xt(s){return Mn(s)}function Le(s){return Pn(s)}function He(s,e){Nn(s,e)}function Xt(s){return jn(s)}function Bt(s){return/^\d+$/.test(s)}class rr{constructor(e={}){this.data={},this.signals=new Map,this.subscriptions=new Set,this.data=e}getSignal(e){const t=this.normalizePath(e);return this.signals.has(t)||this.signals.set(t,Ge(this.get(t))),this.signals.get(t)}set(e,t){if(e==null)throw new Ke("Path cannot be null or undefined.");if(e==="/"||e==="")return this.data=t,this.notifyAllSignals(),this;const n=this.parsePath(e),o=n.pop();this.data||(this.data={});let r=this.data;for(let i=0;i<n.length;i++){const a=n[i];if(Array.isArray(r)&&!Bt(a))throw new Ke(`Cannot use non-numeric segment '${a}' on an array in path '${e}'.`,e);if(r[a]!==void 0&&r[a]!==null&&typeof r[a]!="object")throw new Ke(`Cannot set path '${e}': segment '${a}' is a primitive value.`,e);if(r[a]===void 0||r[a]===null){const d=i<n.length-1?n[i+1]:o;r[a]=Bt(d)?[]:{}}r=r[a]}if(Array.isArray(r)&&!Bt(o))throw new Ke(`Cannot use non-numeric segment '${o}' on an array in path '${e}'.`,e);return t===void 0?Array.isArray(r)?r[parseInt(o,10)]=void 0:delete r[o]:r[o]=t,this.notifySignals(e),this}get(e){if(e==null)throw new Ke("Path cannot be null or undefined.");if(e==="/"||e==="")return this.data;const t=this.parsePath(e);let n=this.data;for(const o of t){if(n==null)return;n=n[o]}return n}subscribe(e,t){const n=this.getSignal(e);let o=!0,r=Xt(n);const i=wt(()=>{const a=Le(n);r=a,o||t(a)});return o=!1,this.subscriptions.add(i),{get value(){return r},unsubscribe:()=>{i(),this.subscriptions.delete(i)}}}dispose(){for(const e of this.subscriptions)e();this.subscriptions.clear(),this.signals.clear()}normalizePath(e){return e.length>1&&e.endsWith("/")?e.slice(0,-1):e||"/"}parsePath(e){return e.split("/").filter(t=>t.length>0).map(t=>t.replace(/~([01])/g,(n,o)=>o==="1"?"/":"~"))}notifySignals(e){const t=this.normalizePath(e);Ls(()=>{this.updateSignal(t);let n=t;for(;n!=="/"&&n!=="";)n=n.substring(0,n.lastIndexOf("/"))||"/",this.updateSignal(n);for(const o of this.signals.keys())this.isDescendant(o,t)&&this.updateSignal(o)})}updateSignal(e){const t=this.signals.get(e);if(t){const n=this.get(e);Array.isArray(n)?He(t,[...n]):typeof n=="object"&&n!==null?He(t,{...n}):He(t,n)}}notifyAllSignals(){Ls(()=>{for(const e of this.signals.keys())this.updateSignal(e)})}isDescendant(e,t){return t==="/"||t===""?e!=="/":e.startsWith(t+"/")}}class ir{constructor(){this.components=new Map,this._onCreated=new _e,this._onDeleted=new _e,this.onCreated=this._onCreated,this.onDeleted=this._onDeleted}get(e){return this.components.get(e)}get entries(){return this.components.entries()}addComponent(e){if(this.components.has(e.id))throw new Oe(`Component with id '${e.id}' already exists.`);this.components.set(e.id,e),this._onCreated.emit(e)}removeComponent(e){const t=this.components.get(e);t&&(this.components.delete(e),t.dispose(),this._onDeleted.emit(e))}dispose(){for(const e of this.components.values())e.dispose();this.components.clear(),this._onCreated.dispose(),this._onDeleted.dispose()}}const Dn=w({name:k().describe("The name of the action, taken from the component's action.event.name property."),surfaceId:k().describe("The id of the surface where the event originated."),sourceComponentId:k().describe("The id of the component that triggered the event."),timestamp:k().datetime().describe("An ISO 8601 timestamp of when the event occurred."),context:ze(ee()).describe("A JSON object containing the key-value pairs from the component's action.event.context, after resolving all data bindings.")}).strict(),ar=w({code:Et("VALIDATION_FAILED"),surfaceId:k().describe("The id of the surface where the error occurred."),path:k().describe("The JSON pointer to the field that failed validation (e.g. '/components/0/text')."),message:k().describe("A short one or two sentence description of why validation failed.")}).strict(),lr=w({code:k().refine(s=>s!=="VALIDATION_FAILED"),message:k().describe("A short one or two sentence description of why the error occurred."),surfaceId:k().describe("The id of the surface where the error occurred.")}).passthrough(),cr=he([ar,lr]),dr=w({version:Et("v0.9")}).and(he([w({action:Dn}),w({error:cr})]));w({version:Et("v0.9"),surfaces:ze(w({}).passthrough()).describe("A map of surface IDs to their current data models.")}).strict();const hr=fe(dr).describe("A list of client messages.");w({messages:hr}).strict().describe("An object wrapping a list of client messages.");class ur{constructor(e,t,n={},o=!1){this.id=e,this.catalog=t,this.theme=n,this.sendDataModel=o,this._onAction=new _e,this._onError=new _e,this.onAction=this._onAction,this.onError=this._onError,this.dataModel=new rr({}),this.componentsModel=new ir}async dispatchAction(e,t){if(e&&typeof e=="object"&&"event"in e&&e.event){const n={name:e.event.name,surfaceId:this.id,sourceComponentId:t,timestamp:new Date().toISOString(),context:e.event.context||{}},o=Dn.safeParse(n);o.success?await this._onAction.emit(o.data):console.error("A2UI: Invalid action payload dispatched.",o.error.format())}}async dispatchError(e){await this._onError.emit({...e,surfaceId:this.id})}dispose(){this.dataModel.dispose(),this.componentsModel.dispose(),this._onAction.dispose(),this._onError.dispose()}}class pr{constructor(){this.surfaces=new Map,this.surfaceUnsubscribers=new Map,this._onSurfaceCreated=new _e,this._onSurfaceDeleted=new _e,this._onAction=new _e,this.onSurfaceCreated=this._onSurfaceCreated,this.onSurfaceDeleted=this._onSurfaceDeleted,this.onAction=this._onAction}addSurface(e){if(this.surfaces.has(e.id)){console.warn(`Surface ${e.id} already exists. Ignoring.`);return}this.surfaces.set(e.id,e);const t=e.onAction.subscribe(n=>this._onAction.emit(n));this.surfaceUnsubscribers.set(e.id,t),this._onSurfaceCreated.emit(e)}deleteSurface(e){const t=this.surfaces.get(e);if(t){const n=this.surfaceUnsubscribers.get(e);n&&(n.unsubscribe(),this.surfaceUnsubscribers.delete(e)),this.surfaces.delete(e),t.dispose(),this._onSurfaceDeleted.emit(e)}}getSurface(e){return this.surfaces.get(e)}get surfacesMap(){return this.surfaces}dispose(){for(const e of Array.from(this.surfaces.keys()))this.deleteSurface(e);this._onSurfaceCreated.dispose(),this._onSurfaceDeleted.dispose(),this._onAction.dispose()}}class Hs{constructor(e,t,n){this.id=e,this.type=t,this._onUpdated=new _e,this.onUpdated=this._onUpdated,this._properties=n}get properties(){return this._properties}set properties(e){this._properties=e,this._onUpdated.emit(this)}dispose(){this._onUpdated.dispose()}get componentTree(){return{id:this.id,type:this.type,...this._properties}}}class mr{constructor(e,t){this.catalogs=e,this.actionHandler=t,this.model=new pr,this.actionHandler&&this.model.onAction.subscribe(this.actionHandler)}getClientCapabilities(e){const t={"v0.9":{supportedCatalogIds:this.catalogs.map(n=>n.id)}};return e?.includeInlineCatalogs&&(t["v0.9"].inlineCatalogs=this.catalogs.map(n=>this.generateInlineCatalog(n))),t}generateInlineCatalog(e){const t={};for(const[r,i]of e.components.entries()){const a=Ye(i.schema,{target:"jsonSchema2019-09"});this.processRefs(a),t[r]={allOf:[{$ref:"common_types.json#/$defs/ComponentCommon"},{properties:{component:{const:r},...a.properties},required:["component",...a.required||[]]}]}}const n=[];for(const r of e.functions.values()){const i=Ye(r.schema,{target:"jsonSchema2019-09"});this.processRefs(i),n.push({name:r.name,description:r.schema.description,returnType:r.returnType,parameters:i})}let o;if(e.themeSchema){const r=Ye(e.themeSchema,{target:"jsonSchema2019-09"});this.processRefs(r),o=r.properties}return{catalogId:e.id,components:t,functions:n.length>0?n:void 0,theme:o}}processRefs(e){if(!(typeof e!="object"||e===null)){if(typeof e.description=="string"&&e.description.startsWith("REF:")){const t=e.description.substring(4).split("|"),n=t[0],o=t[1]||"";for(const r of Object.keys(e))delete e[r];e.$ref=n,o&&(e.description=o);return}if(Array.isArray(e))for(const t of e)this.processRefs(t);else for(const t of Object.keys(e))this.processRefs(e[t])}}getClientDataModel(){const e={};for(const t of this.model.surfacesMap.values())t.sendDataModel&&(e[t.id]=t.dataModel.get("/"));if(Object.keys(e).length!==0)return{version:"v0.9",surfaces:e}}onSurfaceCreated(e){return this.model.onSurfaceCreated.subscribe(e)}onSurfaceDeleted(e){return this.model.onSurfaceDeleted.subscribe(e)}processMessages(e){const t=Array.isArray(e)?e:e.messages;for(const n of t)this.processMessage(n)}processMessage(e){const t=["createSurface","updateComponents","updateDataModel","deleteSurface"].filter(n=>n in e);if(t.length>1)throw new zt(`Message contains multiple update types: ${t.join(", ")}.`);if("createSurface"in e){this.processCreateSurfaceMessage(e);return}if("deleteSurface"in e){this.processDeleteSurfaceMessage(e);return}if("updateComponents"in e){this.processUpdateComponentsMessage(e);return}if("updateDataModel"in e){this.processUpdateDataModelMessage(e);return}}processCreateSurfaceMessage(e){const t=e.createSurface,{surfaceId:n,catalogId:o,theme:r,sendDataModel:i}=t,a=this.catalogs.find(g=>g.id===o);if(!a)throw new Oe(`Catalog not found: ${o}`);if(this.model.getSurface(n))throw new Oe(`Surface ${n} already exists.`);const d=new ur(n,a,r,i??!1);this.model.addSurface(d)}processDeleteSurfaceMessage(e){const t=e.deleteSurface;t.surfaceId&&this.model.deleteSurface(t.surfaceId)}processUpdateComponentsMessage(e){const t=e.updateComponents;if(!t.surfaceId)return;const n=this.model.getSurface(t.surfaceId);if(!n)throw new Oe(`Surface not found for message: ${t.surfaceId}`);for(const o of t.components){const{id:r,component:i,...a}=o;if(!r)throw new zt(`Component '${i}' is missing an 'id'.`);const d=n.componentsModel.get(r);if(d)if(i&&i!==d.type){n.componentsModel.removeComponent(r);const g=new Hs(r,i,a);n.componentsModel.addComponent(g)}else d.properties=a;else{if(!i)throw new zt(`Cannot create component ${r} without a type.`);const g=new Hs(r,i,a);n.componentsModel.addComponent(g)}}}processUpdateDataModelMessage(e){const t=e.updateDataModel;if(!t.surfaceId)return;const n=this.model.getSurface(t.surfaceId);if(!n)throw new Oe(`Surface not found for message: ${t.surfaceId}`);const o=t.path||"/",r=t.value;n.dataModel.set(o,r)}resolvePath(e,t){return e.startsWith("/")?e:t?`${t.endsWith("/")?t:`${t}/`}${e}`:`/${e}`}}class is{constructor(e,t){this.surface=e,this.path=t,this.dataModel=e.dataModel,this.functionInvoker=e.catalog.invoker}set(e,t){const n=this.resolvePath(e);this.dataModel.set(n,t)}resolveDynamicValue(e){if(e===null||typeof e!="object"||Array.isArray(e))return e;if("path"in e){const t=this.resolvePath(e.path);return this.dataModel.get(t)}if("call"in e){const t=e,n={};for(const[i,a]of Object.entries(t.args))n[i]=this.resolveDynamicValue(a);const o=new AbortController,r=this.evaluateFunctionReactive(t.call,n,o.signal);return r===void 0?void 0:xt(r)?Xt(r):r}return e}subscribeDynamicValue(e,t){const n=this.resolveSignal(e);let o=!0,r=Xt(n);const i=wt(()=>{const a=Le(n);r=a,o||t(a)});return o=!1,{get value(){return r},unsubscribe:()=>{i(),n.unsubscribe?.()}}}resolveSignal(e){if(typeof e!="object"||e===null||Array.isArray(e))return Ge(e);if("path"in e){const t=this.resolvePath(e.path);return this.dataModel.getSignal(t)}if("call"in e){const t=e,n={};for(const[u,p]of Object.entries(t.args))n[u]=this.resolveSignal(p);if(Object.keys(n).length===0){const u=new AbortController,p=this.evaluateFunctionReactive(t.call,{},u.signal),y=xt(p)?p:Ge(p);return y.unsubscribe=()=>u.abort(),y}const o=Object.keys(n),r=Ge(void 0);let i,a;const d=qn(()=>{const u={};for(let p=0;p<o.length;p++)u[o[p]]=Le(n[o[p]]);return u}),g=wt(()=>{try{const u=Le(d);i&&i.abort(),a&&(a(),a=void 0),i=new AbortController;const p=this.evaluateFunctionReactive(t.call,u,i.signal);xt(p)?a=wt(()=>{He(r,Le(p))}):He(r,p)}catch(u){this.dispatchExpressionError(u,t.call),He(r,void 0)}});return r.unsubscribe=()=>{g(),a&&a(),i&&i.abort();for(let u=0;u<o.length;u++)n[o[u]].unsubscribe?.()},r}return Ge(e)}resolveAction(e){if("event"in e){const t={};if(e.event.context)for(const[n,o]of Object.entries(e.event.context))t[n]=this.resolveDynamicValue(o);return{event:{...e.event,context:t}}}return"functionCall"in e?this.resolveDynamicValue(e.functionCall):e}evaluateFunctionReactive(e,t,n){try{return this.functionInvoker(e,t,this,n)}catch(o){this.dispatchExpressionError(o,e);return}}dispatchExpressionError(e,t){if(e?.name==="ZodError"||e instanceof fn){const n=new de(`Validation failed for function '${t}': ${e.message}`,t,e.errors??e.issues);this.surface.dispatchError({code:"EXPRESSION_ERROR",message:n.message,expression:t,details:n.details})}else e instanceof de?this.surface.dispatchError({code:"EXPRESSION_ERROR",message:e.message,expression:e.expression,details:e.details}):this.surface.dispatchError({code:"EXPRESSION_ERROR",message:e.message??`An unexpected error occurred in function ${t}.`,expression:t,details:{stack:e.stack}})}nested(e){const t=this.resolvePath(e);return new is(this.surface,t)}resolvePath(e){if(e.startsWith("/"))return e;if(e===""||e===".")return this.path;let t=this.path;return t.endsWith("/")&&t.length>1&&(t=t.slice(0,-1)),t==="/"&&(t=""),`${t}/${e}`}}class fr{constructor(e,t,n="/"){const o=e.componentsModel.get(t);if(!o)throw new Oe(`Component not found: ${t}`);this.componentModel=o,this.surfaceComponents=e.componentsModel,this.theme=e.theme,this.dataContext=new is(e,n),this._actionDispatcher=r=>e.dispatchAction(r,this.componentModel.id)}dispatchAction(e){return this._actionDispatcher(e)}}function gr(s){return es(s)}function es(s,e){let t=s;for(;t._def.typeName==="ZodOptional"||t._def.typeName==="ZodNullable"||t._def.typeName==="ZodDefault";)t=t._def.innerType;if(e==="checks")return{type:"CHECKABLE"};if(t._def.typeName==="ZodUnion"){const n=t._def.options;if(n.some(a=>a._def.typeName==="ZodObject"&&a._def.shape().event))return{type:"ACTION"};if(n.some(a=>a._def.typeName==="ZodObject"&&a._def.shape().path&&!a._def.shape().componentId))return{type:"DYNAMIC"};if(n.some(a=>a._def.typeName==="ZodObject"&&a._def.shape().componentId&&a._def.shape().path))return{type:"STRUCTURAL"}}else t._def.typeName;if(t._def.typeName==="ZodArray")return{type:"ARRAY",element:es(t._def.type)};if(t._def.typeName==="ZodObject"){const n={},o=t._def.shape();for(const[r,i]of Object.entries(o))n[r]=es(i,r);return{type:"OBJECT",shape:n}}return{type:"STATIC"}}class Us{constructor(e,t){this.dataListeners=[],this.propsListeners=[],this.currentProps={},this.isConnected=!1,this.context=e,this.behaviorTree=gr(t),this.behaviorTree.type!=="OBJECT"&&(this.behaviorTree={type:"OBJECT",shape:{}}),this.resolveInitialProps()}resolveInitialProps(){const e=this.context.componentModel.properties,t=this.resolveAndBind(e,this.behaviorTree,[],!0);this.currentProps={...this.currentProps,...t}}connect(){if(this.isConnected)return;this.isConnected=!0;const e=this.context.componentModel.onUpdated.subscribe(()=>{this.rebuildAllBindings()});this.compUnsub=()=>e.unsubscribe(),this.rebuildAllBindings()}rebuildAllBindings(){this.dataListeners.forEach(n=>n()),this.dataListeners=[];const e=this.context.componentModel.properties,t=this.resolveAndBind(e,this.behaviorTree,[],!1);this.currentProps={...this.currentProps,...t},this.notify()}resolveAndBind(e,t,n,o){if(e==null)return e;switch(t.type){case"DYNAMIC":{const r=this.context.dataContext.subscribeDynamicValue(e,i=>{this.updateDeepValue(n,i),this.notify()});return o?r.unsubscribe():this.dataListeners.push(()=>r.unsubscribe()),r.value}case"ACTION":return()=>{const r=i=>{if(typeof i!="object"||i===null)return i;if("path"in i||"call"in i)return this.context.dataContext.resolveDynamicValue(i);if(Array.isArray(i))return i.map(r);const a={};for(const[d,g]of Object.entries(i))a[d]=r(g);return a};this.context.dispatchAction(r(e))};case"STRUCTURAL":{if(e&&typeof e=="object"&&e.path&&e.componentId){const r=this.context.dataContext.subscribeDynamicValue({path:e.path},d=>{const g=Array.isArray(d)?d:[],u=this.context.dataContext.nested(e.path),p=g.map((y,_)=>({id:e.componentId,basePath:u.nested(String(_)).path}));this.updateDeepValue(n,p),this.notify()});o?r.unsubscribe():this.dataListeners.push(()=>r.unsubscribe());const i=Array.isArray(r.value)?r.value:[],a=this.context.dataContext.nested(e.path);return i.map((d,g)=>({id:e.componentId,basePath:a.nested(String(g)).path}))}return e}case"CHECKABLE":{const r=Array.isArray(e)?e:[],i=r.map(()=>({valid:!0,message:""})),a=n.slice(0,-1),d=()=>{const u=i.filter(p=>!p.valid).map(p=>p.message);this.updateDeepValue([...a,"isValid"],u.length===0),this.updateDeepValue([...a,"validationErrors"],u),this.notify()};r.forEach((u,p)=>{const y=u.condition||u,_=u.message||"Validation failed";i[p].message=_;const f=this.context.dataContext.subscribeDynamicValue(y,S=>{i[p].valid=!!S,d()});o?f.unsubscribe():this.dataListeners.push(()=>f.unsubscribe()),i[p].valid=!!f.value});const g=i.filter(u=>!u.valid).map(u=>u.message);return this.updateDeepValue([...a,"isValid"],g.length===0),this.updateDeepValue([...a,"validationErrors"],g),e}case"STATIC":return e;case"ARRAY":return Array.isArray(e)?e.map((r,i)=>this.resolveAndBind(r,t.element,[...n,i.toString()],o)):e;case"OBJECT":{if(typeof e!="object")return e;const r={};for(const[i,a]of Object.entries(e)){const d=t.shape[i]||{type:"STATIC"};r[i]=this.resolveAndBind(a,d,[...n,i],o)}for(const[i,a]of Object.entries(t.shape))if(a.type==="DYNAMIC"){const d=`set${i.charAt(0).toUpperCase()+i.slice(1)}`,g=e[i];r[d]=u=>{g&&typeof g=="object"&&"path"in g&&this.context.dataContext.set(g.path,u)}}return r}}}updateDeepValue(e,t){this.currentProps=this.cloneAndUpdate(this.currentProps,e,t)}cloneAndUpdate(e,t,n){if(t.length===0)return n;const[o,...r]=t;if(Array.isArray(e)){const i=[...e];return i[Number(o)]=this.cloneAndUpdate(i[Number(o)],r,n),i}else return{...e||{},[o]:this.cloneAndUpdate((e||{})[o],r,n)}}dispose(){this.isConnected&&(this.isConnected=!1,this.dataListeners.forEach(e=>e()),this.dataListeners=[],this.compUnsub&&(this.compUnsub(),this.compUnsub=void 0))}notify(){this.propsListeners.forEach(e=>e(this.currentProps))}subscribe(e){return this.propsListeners.length===0&&this.connect(),this.propsListeners.push(e),{unsubscribe:()=>{this.propsListeners=this.propsListeners.filter(t=>t!==e),this.propsListeners.length===0&&this.dispose()}}}get snapshot(){return this.currentProps}}const at=w({path:k().describe("A JSON Pointer path to a value in the data model.")}).describe("REF:common_types.json#/$defs/DataBinding|A JSON Pointer path to a value in the data model."),Ve=w({call:k().describe("The name of the function to call."),args:ze(ee()).describe("Arguments passed to the function."),returnType:F(["string","number","boolean","array","object","any","void"]).default("boolean")}).describe("REF:common_types.json#/$defs/FunctionCall|Invokes a named function on the client."),On=he([ve(),at,Ve]).describe("REF:common_types.json#/$defs/DynamicBoolean|A boolean value that can be a literal, a path, or a function call returning a boolean."),Q=he([k(),at,Ve]).describe("REF:common_types.json#/$defs/DynamicString|Represents a string"),br=he([Me(),at,Ve]).describe("REF:common_types.json#/$defs/DynamicNumber|Represents a value that can be either a literal number, a path to a number in the data model, or a function call returning a number."),yr=he([fe(k()),at,Ve]).describe("REF:common_types.json#/$defs/DynamicStringList|Represents a value that can be either a literal array of strings, a path to a string array in the data model, or a function call returning a string array."),vr=he([k(),Me(),ve(),fe(ee()),at,Ve]).describe("REF:common_types.json#/$defs/DynamicValue|A value that can be a literal, a path, or a function call returning any type."),we=k().describe("REF:common_types.json#/$defs/ComponentId|The unique identifier for a component."),jt=he([fe(we).describe("A static list of child component IDs."),w({componentId:we,path:k().describe("The path to the list of component property objects in the data model.")}).describe("A template for generating a dynamic list of children.")]).describe("REF:common_types.json#/$defs/ChildList"),Ln=he([w({event:w({name:k(),context:ze(vr).optional()})}).describe("Triggers a server-side event."),w({functionCall:Ve}).describe("Executes a local client-side function.")]).describe("REF:common_types.json#/$defs/Action"),wr=w({condition:On,message:k().describe("The error message to display if the check fails.")}).describe("REF:common_types.json#/$defs/CheckRule|A check rule consisting of a condition and an error message."),We=w({checks:fe(wr).optional().describe("A list of checks to perform.")}).describe("REF:common_types.json#/$defs/Checkable|Properties for components that support client-side checks."),xr=w({label:Q.optional().describe("REF:common_types.json#/$defs/DynamicString|A short string used by assistive technologies to convey the purpose of an element."),description:Q.optional().describe("REF:common_types.json#/$defs/DynamicString|Additional information provided by assistive technologies about an element.")}).describe("REF:common_types.json#/$defs/AccessibilityAttributes|Attributes to enhance accessibility.");w({component:k().describe("The type name of the component."),id:we.optional(),weight:Me().optional()}).passthrough().describe("A generic A2UI component definition.");const je={ComponentId:we,ChildList:jt,DynamicString:Q,Action:Ln},It=class It{parse(e,t=0){if(t>It.MAX_DEPTH)throw new de("Max recursion depth reached in parse");if(!e||!e.includes("${"))return[e];const n=[],o=new Fs(e);for(;!o.isAtEnd();)if(o.matches("${")){o.advance(2);const r=this.extractInterpolationContent(o),i=this.parseExpression(r,t+1);i!==null&&n.push(i)}else if(o.peek()==="\\"&&o.peek(1)==="$"&&o.peek(2)==="{")o.advance(),n.push("${"),o.advance(2);else{const r=o.pos;for(;!o.isAtEnd()&&!(o.matches("${")||o.peek()==="\\"&&o.peek(1)==="$"&&o.peek(2)==="{");)o.advance();n.push(o.input.substring(r,o.pos))}return n.filter(r=>r!==null&&r!=="")}extractInterpolationContent(e){const t=e.pos;let n=1;for(;!e.isAtEnd()&&n>0;){const o=e.advance();if(o==="{")n++;else if(o==="}")n--;else if(o==="'"||o==='"'){const r=o;for(;!e.isAtEnd();){const i=e.advance();if(i==="\\")e.advance();else if(i===r)break}}}if(n>0)throw new de("Unclosed interpolation: missing '}'");return e.input.substring(t,e.pos-1)}parseExpression(e,t=0){if(e=e.trim(),!e)return"";const n=new Fs(e),o=this.parseExpressionInternal(n,t);if(!n.isAtEnd())throw new de(`Unexpected characters at end of expression: '${n.input.substring(n.pos)}'`);return o}parseExpressionInternal(e,t){if(e.skipWhitespace(),e.isAtEnd())return"";if(e.matches("${")){e.advance(2);const o=this.extractInterpolationContent(e);return this.parseExpression(o,t+1)}if(e.matchesString("'")||e.matchesString('"'))return this.parseStringLiteral(e);if(this.isDigit(e.peek()))return this.parseNumberLiteral(e);if(e.matchesKeyword("true"))return!0;if(e.matchesKeyword("false"))return!1;if(e.matchesKeyword("null"))return"";const n=this.scanPathOrIdentifier(e);return e.skipWhitespace(),e.peek()==="("?this.parseFunctionCall(n,e,t):n?{path:n}:""}scanPathOrIdentifier(e){const t=e.pos;for(;!e.isAtEnd();){const n=e.peek();if(this.isAlnum(n)||n==="/"||n==="."||n==="_"||n==="-")e.advance();else break}return e.input.substring(t,e.pos)}parseFunctionCall(e,t,n){t.match("("),t.skipWhitespace();const o={};for(;!t.isAtEnd()&&t.peek()!==")";){const r=this.scanIdentifier(t);if(t.skipWhitespace(),!t.match(":"))throw new de(`Expected ':' after argument name '${r}' in function '${e}'`);t.skipWhitespace(),o[r]=this.parseExpressionInternal(t,n),t.skipWhitespace(),t.peek()===","&&(t.advance(),t.skipWhitespace())}if(!t.match(")"))throw new de(`Expected ')' after function arguments for '${e}'`);return{call:e,args:o,returnType:"any"}}scanIdentifier(e){const t=e.pos;for(;!e.isAtEnd()&&(this.isAlnum(e.peek())||e.peek()==="_");)e.advance();return e.input.substring(t,e.pos)}parseStringLiteral(e){const t=e.advance();let n="";for(;!e.isAtEnd();){const o=e.advance();if(o==="\\"){const r=e.advance();r==="n"?n+=`
`:r==="t"?n+="	":r==="r"?n+="\r":n+=r}else{if(o===t)break;n+=o}}return n}parseNumberLiteral(e){const t=e.pos;for(;!e.isAtEnd()&&(this.isDigit(e.peek())||e.peek()===".");)e.advance();return Number(e.input.substring(t,e.pos))}isAlnum(e){return e>="a"&&e<="z"||e>="A"&&e<="Z"||e>="0"&&e<="9"}isDigit(e){return e>="0"&&e<="9"}};It.MAX_DEPTH=10;let ts=It;class Fs{constructor(e){this.input=e,this.pos=0}isAtEnd(){return this.pos>=this.input.length}peek(e=0){return this.pos+e>=this.input.length?"\0":this.input[this.pos+e]}advance(e=1){const t=this.input.substring(this.pos,this.pos+e);return this.pos+=e,t}match(e){return this.peek()===e?(this.advance(),!0):!1}matches(e){return!!this.input.startsWith(e,this.pos)}matchesString(e){return this.peek()===e}matchesKeyword(e){if(this.input.startsWith(e,this.pos)){const t=this.peek(e.length);if(!/[a-zA-Z0-9_]/.test(t))return this.advance(e.length),!0}return!1}skipWhitespace(){for(;!this.isAtEnd()&&/\s/.test(this.peek());)this.advance()}}const _r={name:"add",returnType:"number",schema:w({a:W(s=>s===null?void 0:s,j.number()),b:W(s=>s===null?void 0:s,j.number())})},Sr={name:"subtract",returnType:"number",schema:w({a:W(s=>s===null?void 0:s,j.number()),b:W(s=>s===null?void 0:s,j.number())})},kr={name:"multiply",returnType:"number",schema:w({a:W(s=>s===null?void 0:s,j.number()),b:W(s=>s===null?void 0:s,j.number())})},Cr={name:"divide",returnType:"number",schema:w({a:W(s=>s===null?void 0:s,j.number()),b:W(s=>s===null?void 0:s,j.number())})},Ar={name:"equals",returnType:"boolean",schema:w({a:ee().refine(s=>s!==void 0,"Required"),b:ee().refine(s=>s!==void 0,"Required")})},$r={name:"not_equals",returnType:"boolean",schema:w({a:ee().refine(s=>s!==void 0,"Required"),b:ee().refine(s=>s!==void 0,"Required")})},Tr={name:"greater_than",returnType:"boolean",schema:w({a:W(s=>s===null?void 0:s,j.number()),b:W(s=>s===null?void 0:s,j.number())})},Rr={name:"less_than",returnType:"boolean",schema:w({a:W(s=>s===null?void 0:s,j.number()),b:W(s=>s===null?void 0:s,j.number())})},Ir={name:"and",returnType:"boolean",schema:w({values:fe(ee()).min(2)})},Er={name:"or",returnType:"boolean",schema:w({values:fe(ee()).min(2)})},Mr={name:"not",returnType:"boolean",schema:w({value:ee().refine(s=>s!==void 0,"Required")})},Pr={name:"contains",returnType:"boolean",schema:w({string:W(s=>s===void 0?void 0:String(s),k()),substring:W(s=>s===void 0?void 0:String(s),k())})},Nr={name:"starts_with",returnType:"boolean",schema:w({string:W(s=>s===void 0?void 0:String(s),k()),prefix:W(s=>s===void 0?void 0:String(s),k())})},jr={name:"ends_with",returnType:"boolean",schema:w({string:W(s=>s===void 0?void 0:String(s),k()),suffix:W(s=>s===void 0?void 0:String(s),k())})},qr={name:"required",returnType:"boolean",schema:w({value:ee().refine(s=>s!==void 0,"Required")})},Dr={name:"regex",returnType:"boolean",schema:w({value:W(s=>s===void 0?void 0:String(s),k()),pattern:W(s=>s===void 0?void 0:String(s),k())})},Or={name:"length",returnType:"boolean",schema:w({value:ee().refine(s=>s!==void 0,"Required"),min:j.number().optional(),max:j.number().optional()}).refine(s=>s.min!==void 0||s.max!==void 0,{message:"Must provide either 'min' or 'max'"})},Lr={name:"numeric",returnType:"boolean",schema:w({value:j.number(),min:j.number().optional(),max:j.number().optional()}).refine(s=>s.min!==void 0||s.max!==void 0,{message:"Must provide either 'min' or 'max'"})},Hr={name:"email",returnType:"boolean",schema:w({value:W(s=>s===void 0?void 0:String(s),k())})},Ur={name:"formatString",returnType:"any",schema:w({value:j.string()})},Fr={name:"formatNumber",returnType:"string",schema:w({value:j.number(),decimals:j.number().optional(),grouping:ve().default(!0)})},zr={name:"formatCurrency",returnType:"string",schema:w({value:j.number(),currency:j.string(),decimals:j.number().optional(),grouping:ve().default(!0)})},Br={name:"formatDate",returnType:"string",schema:w({value:ee().refine(s=>s!==void 0,"Required"),format:j.string()})},Vr={name:"pluralize",returnType:"string",schema:w({value:j.number(),zero:j.string().optional(),one:j.string().optional(),two:j.string().optional(),few:j.string().optional(),many:j.string().optional(),other:j.string()})},Wr={name:"openUrl",returnType:"void",schema:w({url:W(s=>s===void 0?void 0:String(s),k())})},Jr=L(_r,s=>s.a+s.b),Kr=L(Sr,s=>s.a-s.b),Qr=L(kr,s=>s.a*s.b),Zr=L(Cr,s=>{const e=s.a,t=s.b;if(e==null||t===void 0||t===null)return NaN;const n=Number(e),o=Number(t);return Number.isNaN(n)||Number.isNaN(o)?NaN:o===0?1/0:n/o}),Gr=L(Ar,s=>s.a===s.b),Yr=L($r,s=>s.a!==s.b),Xr=L(Tr,s=>s.a>s.b),ei=L(Rr,s=>s.a<s.b),ti=L(Ir,s=>s.values.every(e=>!!e)),si=L(Er,s=>s.values.some(e=>!!e)),ni=L(Mr,s=>!s.value),oi=L(Pr,s=>s.string.includes(s.substring)),ri=L(Nr,s=>s.string.startsWith(s.prefix)),ii=L(jr,s=>s.string.endsWith(s.suffix)),ai=L(qr,s=>{const e=s.value;return!(e==null||typeof e=="string"&&e===""||Array.isArray(e)&&e.length===0)}),li=L(Dr,s=>{try{return new RegExp(s.pattern).test(s.value)}catch(e){throw new de(`Invalid regex pattern: ${s.pattern}`,"regex",e)}}),ci=L(Or,s=>{const e=s.value;let t=0;return(typeof e=="string"||Array.isArray(e))&&(t=e.length),!(s.min!==void 0&&!isNaN(s.min)&&t<s.min||s.max!==void 0&&!isNaN(s.max)&&t>s.max)}),di=L(Lr,s=>!(isNaN(s.value)||s.min!==void 0&&!isNaN(s.min)&&s.value<s.min||s.max!==void 0&&!isNaN(s.max)&&s.value>s.max)),hi=L(Hr,s=>/^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/.test(s.value));function ui(s){if(s==null)return"";if(typeof s=="object")try{return JSON.stringify(s)??String(s)}catch{return String(s)}return String(s)}const pi=L(Ur,(s,e)=>{const t=s.value,o=new ts().parse(t);if(o.length===0)return"";const r=o.map(i=>typeof i!="object"||i===null||Array.isArray(i)?i:e.resolveSignal(i));return qn(()=>r.map(i=>{const a=xt(i)?Le(i):i;return ui(a)}).join(""))}),zs=new Map;function mi(s,e,t){const n=`default:${e??"undef"}:${t??"true"}`;let o=zs.get(n);return o||(o=new Intl.NumberFormat(s,{minimumFractionDigits:e,maximumFractionDigits:e,useGrouping:t}),zs.set(n,o)),o}function Hn(s){return L(Fr,e=>{if(isNaN(e.value))return"";try{return mi(s,e.decimals,e.grouping).format(e.value)}catch(t){return console.warn("Error formatting number:",t),e.decimals!==void 0?e.value.toFixed(e.decimals):String(e.value)}})}Hn();const Bs=new Map;function fi(s,e,t,n){const o=`default:${e}:${t??"undef"}:${n??"true"}`;let r=Bs.get(o);return r||(r=new Intl.NumberFormat(s,{style:"currency",currency:e,minimumFractionDigits:t,maximumFractionDigits:t,useGrouping:n}),Bs.set(o,r)),r}function Un(s){return L(zr,e=>{if(isNaN(e.value))return"";try{return fi(s,e.currency,e.decimals,e.grouping).format(e.value)}catch(t){return console.warn("Error formatting currency:",t),e.value.toFixed(e.decimals??2)}})}Un();const gi=L(Br,s=>{if(!s.value)return"";const e=new Date(s.value);if(isNaN(e.getTime()))return"";try{return s.format==="ISO"?e.toISOString():Bo(e,s.format)}catch(t){return console.warn("Error formatting date:",t),e.toISOString()}}),Vs=new Map;function bi(s){const e="default";let t=Vs.get(e);return t||(t=new Intl.PluralRules(s),Vs.set(e,t)),t}function Fn(s){return L(Vr,e=>{try{const t=bi(s).select(e.value);return String(e[t]??e.other??"")}catch(t){return console.warn("Error in pluralize:",t),String(e.other??"")}})}Fn();const yi=L(Wr,s=>{if(s.url&&typeof window<"u"&&window.open){const e=typeof window.location<"u"&&window.location.href?window.location.href:void 0;let t;try{t=e?new URL(s.url,e):new URL(s.url)}catch(n){throw new de(`Invalid URL specified: ${s.url}`,"openUrl",n)}if(t.protocol!=="https:"&&t.protocol!=="http:")throw new de(`Unsupported URL scheme: ${t.protocol}`,"openUrl");window.open(t.href,"_blank","noopener,noreferrer")}});function vi(s){const e=s?.locale;return[Jr,Kr,Qr,Zr,Gr,Yr,Xr,ei,ti,si,ni,oi,ri,ii,ai,li,ci,di,hi,pi,Hn(e),Un(e),gi,Fn(e),yi]}const wi=vi(),Y={accessibility:xr.optional(),weight:Me().describe("The relative weight of this component within a Row or Column. This is similar to the CSS 'flex-grow' property. Note: this may ONLY be set when the component is a direct descendant of a Row or Column.").optional()},xi={name:"Text",schema:w({...Y,text:Q.describe("The text content to display. While simple Markdown formatting is supported (i.e. without HTML, images, or links), utilizing dedicated UI components is generally preferred for a richer and more structured presentation."),variant:F(["h1","h2","h3","h4","h5","caption","body"]).default("body").describe("A hint for the base text style.").optional()}).strict()},_i={name:"Image",schema:w({...Y,url:Q.describe("The URL of the image to display."),description:Q.describe("The accessibility description of the image.").optional(),fit:F(["contain","cover","fill","none","scaleDown"]).default("fill").describe("Specifies how the image should be resized to fit its container. This corresponds to the CSS 'object-fit' property.").optional(),variant:F(["icon","avatar","smallFeature","mediumFeature","largeFeature","header"]).default("mediumFeature").describe("A hint for the image size and style.").optional()}).strict()},Si=["accountCircle","add","arrowBack","arrowForward","attachFile","calendarToday","call","camera","check","close","delete","download","edit","event","error","fastForward","favorite","favoriteOff","folder","help","home","info","locationOn","lock","lockOpen","mail","menu","moreVert","moreHoriz","notificationsOff","notifications","pause","payment","person","phone","photo","play","print","refresh","rewind","search","send","settings","share","shoppingCart","skipNext","skipPrevious","star","starHalf","starOff","stop","upload","visibility","visibilityOff","volumeDown","volumeMute","volumeOff","volumeUp","warning"],ki={name:"Icon",schema:w({...Y,name:he([F(Si),w({svgPath:k().describe("Custom SVG path data")}).strict(),w({path:k()}).strict()]).describe("The name of the icon to display.")}).strict()},Ci={name:"Video",schema:w({...Y,url:Q.describe("The URL of the video to display.")}).strict()},Ai={name:"AudioPlayer",schema:w({...Y,url:Q.describe("The URL of the audio to be played."),description:Q.describe("A description of the audio, such as a title or summary.").optional()}).strict()},$i={name:"Row",schema:w({...Y,children:jt.describe("Defines the children. Use an array of strings for a fixed set of children, or a template object to generate children from a data list. Children cannot be defined inline, they must be referred to by ID."),justify:F(["center","end","spaceAround","spaceBetween","spaceEvenly","start","stretch"]).default("start").describe("Defines the arrangement of children along the main axis (horizontally). Use 'spaceBetween' to push items to the edges, or 'start'/'end'/'center' to pack them together.").optional(),align:F(["start","center","end","stretch"]).default("stretch").describe("Defines the alignment of children along the cross axis (vertically). This is similar to the CSS 'align-items' property, but uses camelCase values (e.g., 'start').").optional()}).strict().describe("A layout component that arranges its children horizontally. To create a grid layout, nest Columns within this Row.")},Ti={name:"Column",schema:w({...Y,children:jt.describe("Defines the children. Use an array of strings for a fixed set of children, or a template object to generate children from a data list. Children cannot be defined inline, they must be referred to by ID."),justify:F(["start","center","end","spaceBetween","spaceAround","spaceEvenly","stretch"]).default("start").describe("Defines the arrangement of children along the main axis (vertically). Use 'spaceBetween' to push items to the edges (e.g. header at top, footer at bottom), or 'start'/'end'/'center' to pack them together.").optional(),align:F(["center","end","start","stretch"]).default("stretch").describe("Defines the alignment of children along the cross axis (horizontally). This is similar to the CSS 'align-items' property.").optional()}).strict().describe("A layout component that arranges its children vertically. To create a grid layout, nest Rows within this Column.")},Ri={name:"List",schema:w({...Y,children:jt.describe("Defines the children. Use an array of strings for a fixed set of children, or a template object to generate children from a data list."),direction:F(["vertical","horizontal"]).default("vertical").describe("The direction in which the list items are laid out.").optional(),align:F(["start","center","end","stretch"]).default("stretch").describe("Defines the alignment of children along the cross axis.").optional(),listStyle:F(["ordered","unordered","none"]).describe("The style of the list (ordered, unordered, or none).").optional()}).strict()},Ii={name:"Card",schema:w({...Y,child:we.describe("The ID of the single child component to be rendered inside the card. To display multiple elements, you MUST wrap them in a layout component (like Column or Row) and pass that container's ID here. Do NOT pass multiple IDs or a non-existent ID. Do NOT define the child component inline.")}).strict()},Ei={name:"Tabs",schema:w({...Y,tabs:fe(w({title:Q.describe("The tab title."),child:we.describe("The ID of the child component. Do NOT define the component inline.")}).strict()).min(1).describe("An array of objects, where each object defines a tab with a title and a child component.")}).strict()},Mi={name:"Modal",schema:w({...Y,trigger:we.describe("The ID of the component that opens the modal when interacted with (e.g., a button). Do NOT define the component inline."),content:we.describe("The ID of the component to be displayed inside the modal. Do NOT define the component inline.")}).strict()},Pi={name:"Divider",schema:w({...Y,axis:F(["horizontal","vertical"]).default("horizontal").describe("The orientation of the divider.").optional()}).strict()},Ni={name:"Button",schema:w({...Y,child:we.describe("The ID of the child component. Use a 'Text' component for a labeled button. Only use an 'Icon' if the requirements explicitly ask for an icon-only button. Do NOT define the child component inline."),variant:F(["default","primary","borderless"]).default("default").describe("A hint for the button style. If omitted, a default button style is used. 'primary' indicates this is the main call-to-action button. 'borderless' means the button has no visual border or background, making its child content appear like a clickable link.").optional(),action:Ln,checks:We.shape.checks}).strict()},ji={name:"TextField",schema:w({...Y,label:Q.describe("The text label for the input field."),value:Q.describe("The value of the text field.").optional(),variant:F(["longText","number","shortText","obscured"]).default("shortText").describe("The type of input field to display.").optional(),validationRegexp:k().describe("A regular expression used for client-side validation of the input.").optional(),checks:We.shape.checks}).strict()},qi={name:"CheckBox",schema:w({...Y,label:Q.describe("The text to display next to the checkbox."),value:On.describe("The current state of the checkbox (true for checked, false for unchecked)."),checks:We.shape.checks}).strict()},Di={name:"ChoicePicker",schema:w({...Y,label:Q.describe("The label for the group of options.").optional(),variant:F(["multipleSelection","mutuallyExclusive"]).default("mutuallyExclusive").describe("A hint for how the choice picker should be displayed and behave.").optional(),options:fe(w({label:Q.describe("The text to display for this option."),value:k().describe("The stable value associated with this option.")}).strict()).describe("The list of available options to choose from."),value:yr.describe("The list of currently selected values. This should be bound to a string array in the data model."),displayStyle:F(["checkbox","chips"]).default("checkbox").describe("The display style of the component.").optional(),filterable:ve().default(!1).describe("If true, displays a search input to filter the options.").optional(),checks:We.shape.checks}).strict().describe("A component that allows selecting one or more options from a list.")},Oi={name:"Slider",schema:w({...Y,label:Q.describe("The label for the slider.").optional(),min:Me().default(0).describe("The minimum value of the slider.").optional(),max:Me().describe("The maximum value of the slider."),step:Me().describe("The granularity or step size of the slider.").optional(),value:br.describe("The current value of the slider."),checks:We.shape.checks}).strict()},Li={name:"DateTimeInput",schema:w({...Y,value:Q.describe("The selected date and/or time value in ISO 8601 format. If not yet set, initialize with an empty string."),enableDate:ve().default(!1).describe("If true, allows the user to select a date.").optional(),enableTime:ve().default(!1).describe("If true, allows the user to select a time.").optional(),min:he([Q,k().date(),k().time(),k().datetime()]).describe("The minimum allowed date/time in ISO 8601 format.").optional(),max:he([Q,k().date(),k().time(),k().datetime()]).describe("The maximum allowed date/time in ISO 8601 format.").optional(),label:Q.describe("The text label for the input field.").optional(),checks:We.shape.checks}).strict()};function B(s,e){const t=q.memo(e,(o,r)=>!(o.props!==r.props||o.context.componentModel.id!==r.context.componentModel.id||o.context.dataContext.path!==r.context.dataContext.path)),n=({context:o,buildChild:r})=>{const i=q.useRef(null);i.current?i.current.context!==o&&(i.current.dispose(),i.current=new Us(o,s.schema)):i.current=new Us(o,s.schema);const a=i.current,d=q.useSyncExternalStore(q.useCallback(g=>{const u=a.subscribe(g);return()=>u.unsubscribe()},[a]),q.useCallback(()=>a.snapshot,[a]));return q.useEffect(()=>()=>a.dispose(),[a]),m.jsx(t,{props:d||{},buildChild:r,context:o})};return{name:s.name,schema:s.schema,render:n}}const be="8px",Hi="16px",Pe="1px solid #ccc",qt="8px",zn=s=>{switch(s){case"center":return"center";case"end":return"flex-end";case"spaceAround":return"space-around";case"spaceBetween":return"space-between";case"spaceEvenly":return"space-evenly";case"start":return"flex-start";case"stretch":return"stretch";default:return"flex-start"}},as=s=>{switch(s){case"start":return"flex-start";case"center":return"center";case"end":return"flex-end";case"stretch":return"stretch";default:return"stretch"}},lt=()=>({margin:be,boxSizing:"border-box"}),Ui=()=>({margin:be,padding:Hi,border:Pe,borderRadius:qt,boxSizing:"border-box"}),Fi=B(xi,({props:s})=>{const e=s.text??"",t={...lt(),display:"inline-block"};switch(s.variant){case"h1":return m.jsx("h1",{style:t,children:e});case"h2":return m.jsx("h2",{style:t,children:e});case"h3":return m.jsx("h3",{style:t,children:e});case"h4":return m.jsx("h4",{style:t,children:e});case"h5":return m.jsx("h5",{style:t,children:e});case"caption":return m.jsx("small",{style:{...t,color:"#666",textAlign:"left"},children:e});default:return m.jsx("span",{style:t,children:e})}}),zi=B(_i,({props:s})=>{const e=n=>n==="scaleDown"?"scale-down":n||"fill",t={...lt(),objectFit:e(s.fit),width:"100%",height:"auto",display:"block"};return s.variant==="icon"?(t.width="24px",t.height="24px"):s.variant==="avatar"?(t.width="40px",t.height="40px",t.borderRadius="50%"):s.variant==="smallFeature"?t.maxWidth="100px":s.variant==="largeFeature"?t.maxHeight="400px":s.variant==="header"&&(t.height="200px",t.objectFit="cover"),m.jsx("img",{src:s.url,alt:s.description||"",style:t})}),Bi=B(ki,({props:s})=>{const e=typeof s.name=="string"?s.name:s.name?.path;return m.jsx("span",{className:"material-symbols-outlined",style:{...lt(),fontSize:"24px",width:"24px",height:"24px",display:"inline-flex",alignItems:"center",justifyContent:"center"},children:e})}),Vi=B(Ci,({props:s})=>{const e={...lt(),width:"100%",aspectRatio:"16/9"};return m.jsx("video",{src:s.url,controls:!0,style:e})}),Wi=B(Ai,({props:s})=>{const e={...lt(),width:"100%"};return m.jsxs("div",{style:{display:"flex",flexDirection:"column",gap:"4px",width:"100%"},children:[s.description&&m.jsx("span",{style:{fontSize:"12px",color:"#666"},children:s.description}),m.jsx("audio",{src:s.url,controls:!0,style:e})]})}),ls=({childList:s,buildChild:e})=>Array.isArray(s)?m.jsx(m.Fragment,{children:s.map((t,n)=>{if(t&&typeof t=="object"&&"id"in t){const o=t;return m.jsx(Se.Fragment,{children:e(o.id,o.basePath)},`${o.id}-${n}`)}return typeof t=="string"?m.jsx(Se.Fragment,{children:e(t)},`${t}-${n}`):null})}):null,Ji=B($i,({props:s,buildChild:e,context:t})=>m.jsx("div",{style:{display:"flex",flexDirection:"row",justifyContent:zn(s.justify),alignItems:as(s.align),width:"100%",margin:0,padding:0},children:m.jsx(ls,{childList:s.children,buildChild:e,context:t})})),Ki=B(Ti,({props:s,buildChild:e,context:t})=>m.jsx("div",{style:{display:"flex",flexDirection:"column",justifyContent:zn(s.justify),alignItems:as(s.align),width:"100%",margin:0,padding:0},children:m.jsx(ls,{childList:s.children,buildChild:e,context:t})})),Qi=B(Ri,({props:s,buildChild:e,context:t})=>{const n=s.direction==="horizontal";return m.jsx("div",{style:{display:"flex",flexDirection:n?"row":"column",alignItems:as(s.align),overflowX:n?"auto":"hidden",overflowY:n?"hidden":"auto",width:"100%",margin:0,padding:0},children:m.jsx(ls,{childList:s.children,buildChild:e,context:t})})}),Zi=B(Ii,({props:s,buildChild:e})=>m.jsx("div",{style:{...Ui(),backgroundColor:"#fff",boxShadow:"0 2px 4px rgba(0,0,0,0.1)",width:"100%"},children:s.child?e(s.child):null})),Gi=B(Ei,({props:s,buildChild:e})=>{const[t,n]=q.useState(0),o=s.tabs||[],r=o[t];return m.jsxs("div",{style:{display:"flex",flexDirection:"column",width:"100%",margin:be},children:[m.jsx("div",{style:{display:"flex",borderBottom:"1px solid #ccc",marginBottom:"8px"},children:o.map((i,a)=>m.jsx("button",{onClick:()=>n(a),style:{padding:"8px 16px",border:"none",background:"none",borderBottom:t===a?"2px solid var(--a2ui-primary-color, #007bff)":"none",fontWeight:t===a?"bold":"normal",cursor:"pointer",color:t===a?"var(--a2ui-primary-color, #007bff)":"inherit"},children:i.title},a))}),m.jsx("div",{style:{flex:1},children:r?e(r.child):null})]})}),Yi=B(Pi,({props:s})=>{const e=s.axis==="vertical",t={margin:be,border:"none",backgroundColor:"#ccc"};return e?(t.width="1px",t.height="100%"):(t.width="100%",t.height="1px"),m.jsx("div",{style:t})}),Xi=B(Mi,({props:s,buildChild:e})=>{const[t,n]=q.useState(!1);return m.jsxs(m.Fragment,{children:[m.jsx("div",{onClick:()=>n(!0),style:{display:"inline-block"},children:s.trigger?e(s.trigger):null}),t&&m.jsx("div",{style:{position:"fixed",top:0,left:0,right:0,bottom:0,backgroundColor:"rgba(0,0,0,0.5)",display:"flex",alignItems:"center",justifyContent:"center",zIndex:1e3},onClick:()=>n(!1),children:m.jsxs("div",{style:{backgroundColor:"#fff",padding:"24px",borderRadius:"8px",maxWidth:"90%",maxHeight:"90%",overflow:"auto",display:"flex",flexDirection:"column"},onClick:o=>o.stopPropagation(),children:[m.jsx("div",{style:{display:"flex",justifyContent:"flex-end"},children:m.jsx("button",{onClick:()=>n(!1),style:{border:"none",background:"none",fontSize:"20px",cursor:"pointer",padding:"4px"},children:"×"})}),m.jsx("div",{style:{flex:1},children:s.content?e(s.content):null})]})})]})}),ea=B(Ni,({props:s,buildChild:e})=>m.jsx("button",{style:{margin:be,padding:"8px 16px",cursor:"pointer",border:s.variant==="borderless"?"none":"1px solid #ccc",backgroundColor:s.variant==="primary"?"var(--a2ui-primary-color, #007bff)":s.variant==="borderless"?"transparent":"#fff",color:s.variant==="primary"?"#fff":"inherit",borderRadius:"4px",display:"inline-flex",alignItems:"center",justifyContent:"center",boxSizing:"border-box"},onClick:s.action,disabled:s.isValid===!1,children:s.child?e(s.child):null})),ta=B(ji,({props:s})=>{const e=a=>{s.setValue(a.target.value)},t=s.variant==="longText",n=s.variant==="number"?"number":s.variant==="obscured"?"password":"text",o={padding:"8px",width:"100%",border:Pe,borderRadius:qt,boxSizing:"border-box"},r=Se.useId(),i=s.validationErrors&&s.validationErrors.length>0;return m.jsxs("div",{style:{display:"flex",flexDirection:"column",gap:"4px",width:"100%",margin:be},children:[s.label&&m.jsx("label",{htmlFor:r,style:{fontSize:"14px",fontWeight:"bold"},children:s.label}),t?m.jsx("textarea",{id:r,style:{...o,border:i?"1px solid red":Pe},value:s.value||"",onChange:e}):m.jsx("input",{id:r,type:n,style:{...o,border:i?"1px solid red":Pe},value:s.value||"",onChange:e}),i&&m.jsx("span",{style:{fontSize:"12px",color:"red"},children:s.validationErrors[0]})]})}),sa=B(qi,({props:s})=>{const e=o=>{s.setValue(o.target.checked)},t=Se.useId(),n=s.validationErrors&&s.validationErrors.length>0;return m.jsxs("div",{style:{display:"flex",flexDirection:"column",margin:be},children:[m.jsxs("div",{style:{display:"flex",alignItems:"center",gap:"8px"},children:[m.jsx("input",{id:t,type:"checkbox",checked:!!s.value,onChange:e,style:{cursor:"pointer",outline:n?"1px solid red":"none"}}),s.label&&m.jsx("label",{htmlFor:t,style:{cursor:"pointer",color:n?"red":"inherit"},children:s.label})]}),n&&m.jsx("span",{style:{fontSize:"12px",color:"red",marginTop:"4px"},children:s.validationErrors?.[0]})]})}),na=B(Di,({props:s,context:e})=>{const[t,n]=q.useState(""),o=Array.isArray(s.value)?s.value:[],r=s.variant==="mutuallyExclusive",i=u=>{if(r)s.setValue([u]);else{const p=o.includes(u)?o.filter(y=>y!==u):[...o,u];s.setValue(p)}},a=(s.options||[]).filter(u=>!s.filterable||t===""||String(u.label).toLowerCase().includes(t.toLowerCase())),d={display:"flex",flexDirection:"column",gap:"8px",margin:be,width:"100%"},g={display:"flex",flexDirection:s.displayStyle==="chips"?"row":"column",flexWrap:s.displayStyle==="chips"?"wrap":"nowrap",gap:"8px"};return m.jsxs("div",{style:d,children:[s.label&&m.jsx("strong",{style:{fontSize:"14px"},children:s.label}),s.filterable&&m.jsx("input",{type:"text",placeholder:"Filter options...",value:t,onChange:u=>n(u.target.value),style:{padding:"4px 8px",border:Pe,borderRadius:qt}}),m.jsx("div",{style:g,children:a.map((u,p)=>{const y=o.includes(u.value);return s.displayStyle==="chips"?m.jsx("button",{onClick:()=>i(u.value),style:{padding:"4px 12px",borderRadius:"16px",border:y?"1px solid var(--a2ui-primary-color, #007bff)":Pe,backgroundColor:y?"var(--a2ui-primary-color, #007bff)":"#fff",color:y?"#fff":"inherit",cursor:"pointer",fontSize:"12px"},children:u.label},p):m.jsxs("label",{style:{display:"flex",alignItems:"center",gap:"8px",cursor:"pointer"},children:[m.jsx("input",{type:r?"radio":"checkbox",checked:y,onChange:()=>i(u.value),name:r?`choice-${e.componentModel.id}`:void 0}),m.jsx("span",{style:{fontSize:"14px"},children:u.label})]},p)})})]})}),oa=B(Oi,({props:s})=>{const e=n=>{s.setValue(Number(n.target.value))},t=Se.useId();return m.jsxs("div",{style:{display:"flex",flexDirection:"column",gap:"4px",margin:be,width:"100%"},children:[m.jsxs("div",{style:{display:"flex",justifyContent:"space-between"},children:[s.label&&m.jsx("label",{htmlFor:t,style:{fontSize:"14px",fontWeight:"bold"},children:s.label}),m.jsx("span",{style:{fontSize:"12px",color:"#666"},children:s.value})]}),m.jsx("input",{id:t,type:"range",min:s.min??0,max:s.max,value:s.value??0,onChange:e,style:{width:"100%",cursor:"pointer"}})]})}),ra=B(Li,({props:s})=>{const e=r=>{s.setValue(r.target.value)},t=Se.useId();let n="datetime-local";s.enableDate&&!s.enableTime&&(n="date"),!s.enableDate&&s.enableTime&&(n="time");const o={padding:"8px",width:"100%",border:Pe,borderRadius:qt,boxSizing:"border-box"};return m.jsxs("div",{style:{display:"flex",flexDirection:"column",gap:"4px",width:"100%",margin:be},children:[s.label&&m.jsx("label",{htmlFor:t,style:{fontSize:"14px",fontWeight:"bold"},children:s.label}),m.jsx("input",{id:t,type:n,style:o,value:s.value||"",onChange:e,min:typeof s.min=="string"?s.min:void 0,max:typeof s.max=="string"?s.max:void 0})]})}),ia=[Fi,zi,Bi,Vi,Wi,Ji,Ki,Qi,Zi,Gi,Yi,Xi,ea,ta,sa,na,oa,ra],ct=new os("https://a2ui.org/specification/v0_9/basic_catalog.json",ia,wi),aa=q.createContext(void 0);function la({theme:s,children:e}){return m.jsx(aa.Provider,{value:s??{},children:e})}const Bn=q.memo(({surface:s,id:e,basePath:t,compImpl:n,componentModel:o})=>{const r=n.render,i=q.useMemo(()=>new fr(s,e,t),[s,e,t,o]);return m.jsx(r,{context:i,buildChild:q.useCallback((a,d)=>{const g=d||i.dataContext.path;return m.jsx(cs,{surface:s,id:a,basePath:g},`${a}-${g}`)},[s,i.dataContext.path])})});Bn.displayName="ResolvedChild";const cs=q.memo(({surface:s,id:e,basePath:t})=>{const n=q.useMemo(()=>{let i=0;return{subscribe:a=>{const d=s.componentsModel.onCreated.subscribe(u=>{u.id===e&&(i++,a())}),g=s.componentsModel.onDeleted.subscribe(u=>{u===e&&(i++,a())});return()=>{d.unsubscribe(),g.unsubscribe()}},getSnapshot:()=>{const a=s.componentsModel.get(e);return a?`${a.type}-${i}`:`missing-${i}`}}},[s,e]);q.useSyncExternalStore(n.subscribe,n.getSnapshot);const o=s.componentsModel.get(e);if(!o)return m.jsx("div",{style:{padding:"12px 16px",borderRadius:"8px",background:"linear-gradient(90deg, #f3f4f6 25%, #e5e7eb 50%, #f3f4f6 75%)",backgroundSize:"200% 100%",animation:"a2ui-shimmer 1.5s ease-in-out infinite",minHeight:"2rem"},children:m.jsx("style",{children:"@keyframes a2ui-shimmer { 0% { background-position: 200% 0; } 100% { background-position: -200% 0; } }"})});const r=s.catalog.components.get(o.type);return r?m.jsx(Bn,{surface:s,id:e,basePath:t,componentModel:o,compImpl:r}):m.jsxs("div",{style:{color:"red"},children:["Unknown component: ",o.type]})});cs.displayName="DeferredChild";const ca=({surface:s})=>m.jsx(cs,{surface:s,id:Zo,basePath:"/"}),da=w({text:je.DynamicString,variant:F(["h1","h2","h3","h4","h5","caption","body"]).optional()}),ha={name:"Text",schema:da},ua=B(ha,({props:s})=>{const e=s.text??"";switch(s.variant){case"h1":return m.jsx("h1",{children:e});case"h2":return m.jsx("h2",{children:e});case"h3":return m.jsx("h3",{children:e});case"h4":return m.jsx("h4",{children:e});case"h5":return m.jsx("h5",{children:e});case"caption":return m.jsx("small",{children:e});default:return m.jsx("span",{children:e})}}),pa=w({child:je.ComponentId,action:je.Action,variant:F(["primary","borderless"]).optional()}),ma={name:"Button",schema:pa},fa=B(ma,({props:s,buildChild:e})=>m.jsx("button",{style:{padding:"8px 16px",cursor:"pointer",border:s.variant==="borderless"?"none":"1px solid #ccc",backgroundColor:s.variant==="primary"?"#007bff":"transparent",color:s.variant==="primary"?"#fff":"inherit",borderRadius:"4px"},onClick:s.action,children:s.child?e(s.child):null})),Vn=({childList:s,buildChild:e})=>Array.isArray(s)?m.jsx(m.Fragment,{children:s.map((t,n)=>{if(t&&typeof t=="object"&&"id"in t){const o=t;return m.jsx(Se.Fragment,{children:e(o.id,o.basePath)},`${o.id}-${n}`)}return typeof t=="string"?m.jsx(Se.Fragment,{children:e(t)},`${t}-${n}`):null})}):null,ga=w({children:je.ChildList,justify:F(["center","end","spaceAround","spaceBetween","spaceEvenly","start","stretch"]).optional(),align:F(["start","center","end","stretch"]).optional()}),ba=s=>{switch(s){case"center":return"center";case"end":return"flex-end";case"spaceAround":return"space-around";case"spaceBetween":return"space-between";case"spaceEvenly":return"space-evenly";case"start":return"flex-start";case"stretch":return"stretch";default:return"flex-start"}},ya=s=>{switch(s){case"start":return"flex-start";case"center":return"center";case"end":return"flex-end";case"stretch":return"stretch";default:return"stretch"}},va={name:"Row",schema:ga},wa=B(va,({props:s,buildChild:e})=>m.jsx("div",{style:{display:"flex",flexDirection:"row",justifyContent:ba(s.justify),alignItems:ya(s.align)},children:m.jsx(Vn,{childList:s.children,buildChild:e})})),xa=w({children:je.ChildList,justify:F(["start","center","end","spaceBetween","spaceAround","spaceEvenly","stretch"]).optional(),align:F(["center","end","start","stretch"]).optional()}),_a=s=>{switch(s){case"center":return"center";case"end":return"flex-end";case"spaceAround":return"space-around";case"spaceBetween":return"space-between";case"spaceEvenly":return"space-evenly";case"start":return"flex-start";case"stretch":return"stretch";default:return"flex-start"}},Sa=s=>{switch(s){case"start":return"flex-start";case"center":return"center";case"end":return"flex-end";case"stretch":return"stretch";default:return"stretch"}},ka={name:"Column",schema:xa},Ca=B(ka,({props:s,buildChild:e})=>m.jsx("div",{style:{display:"flex",flexDirection:"column",justifyContent:_a(s.justify),alignItems:Sa(s.align),gap:"8px"},children:m.jsx(Vn,{childList:s.children,buildChild:e})})),Aa=w({label:je.DynamicString,value:je.DynamicString,variant:F(["longText","number","shortText","obscured"]).optional(),validationRegexp:k().optional()}),$a={name:"TextField",schema:Aa},Ta=B($a,({props:s,context:e})=>{const t=a=>{s.setValue&&s.setValue(a.target.value)},n=s.variant==="longText",o=s.variant==="number"?"number":s.variant==="obscured"?"password":"text",r={padding:"8px",width:"100%",border:"1px solid #ccc",borderRadius:"4px",boxSizing:"border-box"},i=`textfield-${e.componentModel.id}`;return m.jsxs("div",{style:{display:"flex",flexDirection:"column",gap:"4px",width:"100%"},children:[s.label&&m.jsx("label",{htmlFor:i,style:{fontSize:"14px",fontWeight:"bold"},children:s.label}),n?m.jsx("textarea",{id:i,style:r,value:s.value||"",onChange:t}):m.jsx("input",{id:i,type:o,style:r,value:s.value||"",onChange:t})]})}),Ra=[ua,fa,wa,Ca,Ta];new os("https://a2ui.org/specification/v0_9/catalogs/minimal/minimal_catalog.json",Ra,[L({name:"capitalize",returnType:"string",schema:w({value:mn()})},s=>{const e=s.value;return typeof e=="string"?e.toUpperCase():e})]);const Wn=q.createContext(null),ds=q.createContext(null);function jd({onAction:s,theme:e,catalog:t,children:n}){const o=q.useRef(s??null);o.current=s??null;const r=q.useRef(null);r.current||(r.current=new mr([t??ct],f=>{if(o.current){const S={userAction:{name:f?.name??"unknown",surfaceId:f?.surfaceId??"default",sourceComponentId:f?.sourceComponentId,context:f?.context,timestamp:f?.timestamp??new Date().toISOString()}};o.current(S)}}));const i=r.current,[a,d]=q.useState(0),[g,u]=q.useState(null),p=q.useRef(null);p.current||(p.current={processMessages:f=>{try{i.processMessages(f)}catch(S){console.warn("[A2UI] processMessages error:",S),u(S instanceof Error?S.message:String(S));return}u(null),d(S=>S+1)},dispatch:f=>{o.current&&o.current(f)},getSurface:f=>i.model.getSurface(f),clearSurfaces:()=>{const f=i.model.surfacesMap;for(const[S]of f)i.processMessages([{version:"v0.9",deleteSurface:{surfaceId:S}}]);d(S=>S+1)}});const y=p.current,_=q.useMemo(()=>({version:a,error:g}),[a,g]);return m.jsx(Wn.Provider,{value:y,children:m.jsx(ds.Provider,{value:_,children:m.jsx(la,{theme:e,children:n})})})}function Ia(){const s=q.useContext(Wn);if(!s)throw new Error("useA2UIActions must be used within an A2UIProvider");return s}function Ea(){const s=q.useContext(ds);if(!s)throw new Error("useA2UIState must be used within an A2UIProvider");return s}function qd(){return q.useContext(ds)?.error??null}function Ma(){const s=Ia(),e=Ea();return{processMessages:s.processMessages,getSurface:s.getSurface,clearSurfaces:s.clearSurfaces,version:e.version}}function Pa(...s){return Wo(s)}const Na=q.memo(function(){return m.jsx("div",{className:"a2ui-loading",style:{padding:"16px",opacity:.5},children:"Loading..."})}),Dd=q.memo(function({surfaceId:e,className:t,fallback:n=null,loadingFallback:o}){const{getSurface:r,version:i}=Ma(),a=r(e);if(!a)return m.jsx(m.Fragment,{children:n});const d=o??m.jsx(Na,{});return m.jsx("div",{className:Pa("a2ui-surface",t),"data-surface-id":e,"data-version":i,children:m.jsx(q.Suspense,{fallback:d,children:m.jsx(ca,{surface:a})})})}),ja="https://a2ui.org/specification/v0_9/basic_catalog.json",Od="A2UI Component Schema — available components for generating UI surfaces. Use these component names and properties when creating A2UI operations.";function qa(s){for(const e of ct.components.keys())if(!s.components.has(e))return!1;return!0}function Da(s){const e=[];for(const t of s.components.keys())ct.components.has(t)||e.push(t);return e}function Ld(s){const e=s??ct,t=[];if(t.push("Available A2UI catalog:"),e.id===ja)return t.push(`- ${e.id} (basic catalog)`),t.join(`
`);const n=qa(e),o=Da(e);t.push(`- ${e.id}`),n?t.push("  Extends the basic catalog with all standard components plus:"):(t.push("  Custom catalog (does NOT include all basic components)."),t.push("  Custom components:"));for(const r of o){const i=e.components.get(r);if(!i)continue;const a=Ye(i.schema);t.push(`  - ${r}:`),t.push(`    ${JSON.stringify(a,null,2).split(`
`).join(`
    `)}`)}return t.join(`
`)}function Hd(s){const e=s??ct,t={};for(const[n,o]of e.components){const r=Ye(o.schema,{target:"jsonSchema2019-09"});t[n]={allOf:[{$ref:"common_types.json#/$defs/ComponentCommon"},{properties:{component:{const:n},...r.properties??{}},required:["component",...r.required??[]]}]}}return{catalogId:e.id,components:t}}function Ud(s,e){const t=[];for(const[o,r]of s.components)e(o)&&t.push(r);const n=Array.from(s.functions.values());return new os(s.id,t,n,s.themeSchema)}const Fd={},Oa={bg:"oklch(1 0 0)",fg:"oklch(0.145 0 0)",surface:"oklch(1 0 0)","surface-fg":"oklch(0.145 0 0)",muted:"oklch(0.97 0 0)","muted-fg":"oklch(0.556 0 0)",accent:"oklch(0.97 0 0)","accent-fg":"oklch(0.205 0 0)",primary:"oklch(0.205 0 0)","primary-fg":"oklch(0.985 0 0)",danger:"oklch(0.577 0.245 27.325)",border:"oklch(0.922 0 0)",ring:"oklch(0.708 0 0)",radius:"0.625rem"};/**
 * @license
 * Copyright 2019 Google LLC
 * SPDX-License-Identifier: BSD-3-Clause
 */const _t=globalThis,hs=_t.ShadowRoot&&(_t.ShadyCSS===void 0||_t.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,us=Symbol(),Ws=new WeakMap;let Jn=class{constructor(e,t,n){if(this._$cssResult$=!0,n!==us)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=e,this.t=t}get styleSheet(){let e=this.o;const t=this.t;if(hs&&e===void 0){const n=t!==void 0&&t.length===1;n&&(e=Ws.get(t)),e===void 0&&((this.o=e=new CSSStyleSheet).replaceSync(this.cssText),n&&Ws.set(t,e))}return e}toString(){return this.cssText}};const Kn=s=>new Jn(typeof s=="string"?s:s+"",void 0,us),La=(s,...e)=>{const t=s.length===1?s[0]:e.reduce((n,o,r)=>n+(i=>{if(i._$cssResult$===!0)return i.cssText;if(typeof i=="number")return i;throw Error("Value passed to 'css' function must be a 'css' function result: "+i+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(o)+s[r+1],s[0]);return new Jn(t,s,us)},Ha=(s,e)=>{if(hs)s.adoptedStyleSheets=e.map(t=>t instanceof CSSStyleSheet?t:t.styleSheet);else for(const t of e){const n=document.createElement("style"),o=_t.litNonce;o!==void 0&&n.setAttribute("nonce",o),n.textContent=t.cssText,s.appendChild(n)}},Js=hs?s=>s:s=>s instanceof CSSStyleSheet?(e=>{let t="";for(const n of e.cssRules)t+=n.cssText;return Kn(t)})(s):s;/**
 * @license
 * Copyright 2017 Google LLC
 * SPDX-License-Identifier: BSD-3-Clause
 */const{is:Ua,defineProperty:Fa,getOwnPropertyDescriptor:za,getOwnPropertyNames:Ba,getOwnPropertySymbols:Va,getPrototypeOf:Wa}=Object,Dt=globalThis,Ks=Dt.trustedTypes,Ja=Ks?Ks.emptyScript:"",Ka=Dt.reactiveElementPolyfillSupport,tt=(s,e)=>s,ss={toAttribute(s,e){switch(e){case Boolean:s=s?Ja:null;break;case Object:case Array:s=s==null?s:JSON.stringify(s)}return s},fromAttribute(s,e){let t=s;switch(e){case Boolean:t=s!==null;break;case Number:t=s===null?null:Number(s);break;case Object:case Array:try{t=JSON.parse(s)}catch{t=null}}return t}},Qn=(s,e)=>!Ua(s,e),Qs={attribute:!0,type:String,converter:ss,reflect:!1,useDefault:!1,hasChanged:Qn};Symbol.metadata??=Symbol("metadata"),Dt.litPropertyMetadata??=new WeakMap;let De=class extends HTMLElement{static addInitializer(e){this._$Ei(),(this.l??=[]).push(e)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(e,t=Qs){if(t.state&&(t.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(e)&&((t=Object.create(t)).wrapped=!0),this.elementProperties.set(e,t),!t.noAccessor){const n=Symbol(),o=this.getPropertyDescriptor(e,n,t);o!==void 0&&Fa(this.prototype,e,o)}}static getPropertyDescriptor(e,t,n){const{get:o,set:r}=za(this.prototype,e)??{get(){return this[t]},set(i){this[t]=i}};return{get:o,set(i){const a=o?.call(this);r?.call(this,i),this.requestUpdate(e,a,n)},configurable:!0,enumerable:!0}}static getPropertyOptions(e){return this.elementProperties.get(e)??Qs}static _$Ei(){if(this.hasOwnProperty(tt("elementProperties")))return;const e=Wa(this);e.finalize(),e.l!==void 0&&(this.l=[...e.l]),this.elementProperties=new Map(e.elementProperties)}static finalize(){if(this.hasOwnProperty(tt("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(tt("properties"))){const t=this.properties,n=[...Ba(t),...Va(t)];for(const o of n)this.createProperty(o,t[o])}const e=this[Symbol.metadata];if(e!==null){const t=litPropertyMetadata.get(e);if(t!==void 0)for(const[n,o]of t)this.elementProperties.set(n,o)}this._$Eh=new Map;for(const[t,n]of this.elementProperties){const o=this._$Eu(t,n);o!==void 0&&this._$Eh.set(o,t)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(e){const t=[];if(Array.isArray(e)){const n=new Set(e.flat(1/0).reverse());for(const o of n)t.unshift(Js(o))}else e!==void 0&&t.push(Js(e));return t}static _$Eu(e,t){const n=t.attribute;return n===!1?void 0:typeof n=="string"?n:typeof e=="string"?e.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(e=>this.enableUpdating=e),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(e=>e(this))}addController(e){(this._$EO??=new Set).add(e),this.renderRoot!==void 0&&this.isConnected&&e.hostConnected?.()}removeController(e){this._$EO?.delete(e)}_$E_(){const e=new Map,t=this.constructor.elementProperties;for(const n of t.keys())this.hasOwnProperty(n)&&(e.set(n,this[n]),delete this[n]);e.size>0&&(this._$Ep=e)}createRenderRoot(){const e=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return Ha(e,this.constructor.elementStyles),e}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(e=>e.hostConnected?.())}enableUpdating(e){}disconnectedCallback(){this._$EO?.forEach(e=>e.hostDisconnected?.())}attributeChangedCallback(e,t,n){this._$AK(e,n)}_$ET(e,t){const n=this.constructor.elementProperties.get(e),o=this.constructor._$Eu(e,n);if(o!==void 0&&n.reflect===!0){const r=(n.converter?.toAttribute!==void 0?n.converter:ss).toAttribute(t,n.type);this._$Em=e,r==null?this.removeAttribute(o):this.setAttribute(o,r),this._$Em=null}}_$AK(e,t){const n=this.constructor,o=n._$Eh.get(e);if(o!==void 0&&this._$Em!==o){const r=n.getPropertyOptions(o),i=typeof r.converter=="function"?{fromAttribute:r.converter}:r.converter?.fromAttribute!==void 0?r.converter:ss;this._$Em=o;const a=i.fromAttribute(t,r.type);this[o]=a??this._$Ej?.get(o)??a,this._$Em=null}}requestUpdate(e,t,n,o=!1,r){if(e!==void 0){const i=this.constructor;if(o===!1&&(r=this[e]),n??=i.getPropertyOptions(e),!((n.hasChanged??Qn)(r,t)||n.useDefault&&n.reflect&&r===this._$Ej?.get(e)&&!this.hasAttribute(i._$Eu(e,n))))return;this.C(e,t,n)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(e,t,{useDefault:n,reflect:o,wrapped:r},i){n&&!(this._$Ej??=new Map).has(e)&&(this._$Ej.set(e,i??t??this[e]),r!==!0||i!==void 0)||(this._$AL.has(e)||(this.hasUpdated||n||(t=void 0),this._$AL.set(e,t)),o===!0&&this._$Em!==e&&(this._$Eq??=new Set).add(e))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(t){Promise.reject(t)}const e=this.scheduleUpdate();return e!=null&&await e,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(const[o,r]of this._$Ep)this[o]=r;this._$Ep=void 0}const n=this.constructor.elementProperties;if(n.size>0)for(const[o,r]of n){const{wrapped:i}=r,a=this[o];i!==!0||this._$AL.has(o)||a===void 0||this.C(o,void 0,r,a)}}let e=!1;const t=this._$AL;try{e=this.shouldUpdate(t),e?(this.willUpdate(t),this._$EO?.forEach(n=>n.hostUpdate?.()),this.update(t)):this._$EM()}catch(n){throw e=!1,this._$EM(),n}e&&this._$AE(t)}willUpdate(e){}_$AE(e){this._$EO?.forEach(t=>t.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(e)),this.updated(e)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(e){return!0}update(e){this._$Eq&&=this._$Eq.forEach(t=>this._$ET(t,this[t])),this._$EM()}updated(e){}firstUpdated(e){}};De.elementStyles=[],De.shadowRootOptions={mode:"open"},De[tt("elementProperties")]=new Map,De[tt("finalized")]=new Map,Ka?.({ReactiveElement:De}),(Dt.reactiveElementVersions??=[]).push("2.1.2");/**
 * @license
 * Copyright 2017 Google LLC
 * SPDX-License-Identifier: BSD-3-Clause
 */const ps=globalThis,Zs=s=>s,$t=ps.trustedTypes,Gs=$t?$t.createPolicy("lit-html",{createHTML:s=>s}):void 0,Zn="$lit$",xe=`lit$${Math.random().toFixed(9).slice(2)}$`,Gn="?"+xe,Qa=`<${Gn}>`,qe=document,nt=()=>qe.createComment(""),ot=s=>s===null||typeof s!="object"&&typeof s!="function",ms=Array.isArray,Za=s=>ms(s)||typeof s?.[Symbol.iterator]=="function",Vt=`[ 	
\f\r]`,Qe=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,Ys=/-->/g,Xs=/>/g,$e=RegExp(`>|${Vt}(?:([^\\s"'>=/]+)(${Vt}*=${Vt}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),en=/'/g,tn=/"/g,Yn=/^(?:script|style|textarea|title)$/i,Ga=s=>(e,...t)=>({_$litType$:s,strings:e,values:t}),T=Ga(1),ke=Symbol.for("lit-noChange"),P=Symbol.for("lit-nothing"),sn=new WeakMap,Ee=qe.createTreeWalker(qe,129);function Xn(s,e){if(!ms(s)||!s.hasOwnProperty("raw"))throw Error("invalid template strings array");return Gs!==void 0?Gs.createHTML(e):e}const Ya=(s,e)=>{const t=s.length-1,n=[];let o,r=e===2?"<svg>":e===3?"<math>":"",i=Qe;for(let a=0;a<t;a++){const d=s[a];let g,u,p=-1,y=0;for(;y<d.length&&(i.lastIndex=y,u=i.exec(d),u!==null);)y=i.lastIndex,i===Qe?u[1]==="!--"?i=Ys:u[1]!==void 0?i=Xs:u[2]!==void 0?(Yn.test(u[2])&&(o=RegExp("</"+u[2],"g")),i=$e):u[3]!==void 0&&(i=$e):i===$e?u[0]===">"?(i=o??Qe,p=-1):u[1]===void 0?p=-2:(p=i.lastIndex-u[2].length,g=u[1],i=u[3]===void 0?$e:u[3]==='"'?tn:en):i===tn||i===en?i=$e:i===Ys||i===Xs?i=Qe:(i=$e,o=void 0);const _=i===$e&&s[a+1].startsWith("/>")?" ":"";r+=i===Qe?d+Qa:p>=0?(n.push(g),d.slice(0,p)+Zn+d.slice(p)+xe+_):d+xe+(p===-2?a:_)}return[Xn(s,r+(s[t]||"<?>")+(e===2?"</svg>":e===3?"</math>":"")),n]};let ns=class eo{constructor({strings:e,_$litType$:t},n){let o;this.parts=[];let r=0,i=0;const a=e.length-1,d=this.parts,[g,u]=Ya(e,t);if(this.el=eo.createElement(g,n),Ee.currentNode=this.el.content,t===2||t===3){const p=this.el.content.firstChild;p.replaceWith(...p.childNodes)}for(;(o=Ee.nextNode())!==null&&d.length<a;){if(o.nodeType===1){if(o.hasAttributes())for(const p of o.getAttributeNames())if(p.endsWith(Zn)){const y=u[i++],_=o.getAttribute(p).split(xe),f=/([.?@])?(.*)/.exec(y);d.push({type:1,index:r,name:f[2],strings:_,ctor:f[1]==="."?el:f[1]==="?"?tl:f[1]==="@"?sl:Lt}),o.removeAttribute(p)}else p.startsWith(xe)&&(d.push({type:6,index:r}),o.removeAttribute(p));if(Yn.test(o.tagName)){const p=o.textContent.split(xe),y=p.length-1;if(y>0){o.textContent=$t?$t.emptyScript:"";for(let _=0;_<y;_++)o.append(p[_],nt()),Ee.nextNode(),d.push({type:2,index:++r});o.append(p[y],nt())}}}else if(o.nodeType===8)if(o.data===Gn)d.push({type:2,index:r});else{let p=-1;for(;(p=o.data.indexOf(xe,p+1))!==-1;)d.push({type:7,index:r}),p+=xe.length-1}r++}}static createElement(e,t){const n=qe.createElement("template");return n.innerHTML=e,n}};function Ue(s,e,t=s,n){if(e===ke)return e;let o=n!==void 0?t._$Co?.[n]:t._$Cl;const r=ot(e)?void 0:e._$litDirective$;return o?.constructor!==r&&(o?._$AO?.(!1),r===void 0?o=void 0:(o=new r(s),o._$AT(s,t,n)),n!==void 0?(t._$Co??=[])[n]=o:t._$Cl=o),o!==void 0&&(e=Ue(s,o._$AS(s,e.values),o,n)),e}class Xa{constructor(e,t){this._$AV=[],this._$AN=void 0,this._$AD=e,this._$AM=t}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(e){const{el:{content:t},parts:n}=this._$AD,o=(e?.creationScope??qe).importNode(t,!0);Ee.currentNode=o;let r=Ee.nextNode(),i=0,a=0,d=n[0];for(;d!==void 0;){if(i===d.index){let g;d.type===2?g=new Ot(r,r.nextSibling,this,e):d.type===1?g=new d.ctor(r,d.name,d.strings,this,e):d.type===6&&(g=new nl(r,this,e)),this._$AV.push(g),d=n[++a]}i!==d?.index&&(r=Ee.nextNode(),i++)}return Ee.currentNode=qe,o}p(e){let t=0;for(const n of this._$AV)n!==void 0&&(n.strings!==void 0?(n._$AI(e,n,t),t+=n.strings.length-2):n._$AI(e[t])),t++}}let Ot=class to{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(e,t,n,o){this.type=2,this._$AH=P,this._$AN=void 0,this._$AA=e,this._$AB=t,this._$AM=n,this.options=o,this._$Cv=o?.isConnected??!0}get parentNode(){let e=this._$AA.parentNode;const t=this._$AM;return t!==void 0&&e?.nodeType===11&&(e=t.parentNode),e}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(e,t=this){e=Ue(this,e,t),ot(e)?e===P||e==null||e===""?(this._$AH!==P&&this._$AR(),this._$AH=P):e!==this._$AH&&e!==ke&&this._(e):e._$litType$!==void 0?this.$(e):e.nodeType!==void 0?this.T(e):Za(e)?this.k(e):this._(e)}O(e){return this._$AA.parentNode.insertBefore(e,this._$AB)}T(e){this._$AH!==e&&(this._$AR(),this._$AH=this.O(e))}_(e){this._$AH!==P&&ot(this._$AH)?this._$AA.nextSibling.data=e:this.T(qe.createTextNode(e)),this._$AH=e}$(e){const{values:t,_$litType$:n}=e,o=typeof n=="number"?this._$AC(e):(n.el===void 0&&(n.el=ns.createElement(Xn(n.h,n.h[0]),this.options)),n);if(this._$AH?._$AD===o)this._$AH.p(t);else{const r=new Xa(o,this),i=r.u(this.options);r.p(t),this.T(i),this._$AH=r}}_$AC(e){let t=sn.get(e.strings);return t===void 0&&sn.set(e.strings,t=new ns(e)),t}k(e){ms(this._$AH)||(this._$AH=[],this._$AR());const t=this._$AH;let n,o=0;for(const r of e)o===t.length?t.push(n=new to(this.O(nt()),this.O(nt()),this,this.options)):n=t[o],n._$AI(r),o++;o<t.length&&(this._$AR(n&&n._$AB.nextSibling,o),t.length=o)}_$AR(e=this._$AA.nextSibling,t){for(this._$AP?.(!1,!0,t);e!==this._$AB;){const n=Zs(e).nextSibling;Zs(e).remove(),e=n}}setConnected(e){this._$AM===void 0&&(this._$Cv=e,this._$AP?.(e))}},Lt=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(e,t,n,o,r){this.type=1,this._$AH=P,this._$AN=void 0,this.element=e,this.name=t,this._$AM=o,this.options=r,n.length>2||n[0]!==""||n[1]!==""?(this._$AH=Array(n.length-1).fill(new String),this.strings=n):this._$AH=P}_$AI(e,t=this,n,o){const r=this.strings;let i=!1;if(r===void 0)e=Ue(this,e,t,0),i=!ot(e)||e!==this._$AH&&e!==ke,i&&(this._$AH=e);else{const a=e;let d,g;for(e=r[0],d=0;d<r.length-1;d++)g=Ue(this,a[n+d],t,d),g===ke&&(g=this._$AH[d]),i||=!ot(g)||g!==this._$AH[d],g===P?e=P:e!==P&&(e+=(g??"")+r[d+1]),this._$AH[d]=g}i&&!o&&this.j(e)}j(e){e===P?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,e??"")}},el=class extends Lt{constructor(){super(...arguments),this.type=3}j(e){this.element[this.name]=e===P?void 0:e}},tl=class extends Lt{constructor(){super(...arguments),this.type=4}j(e){this.element.toggleAttribute(this.name,!!e&&e!==P)}},sl=class extends Lt{constructor(e,t,n,o,r){super(e,t,n,o,r),this.type=5}_$AI(e,t=this){if((e=Ue(this,e,t,0)??P)===ke)return;const n=this._$AH,o=e===P&&n!==P||e.capture!==n.capture||e.once!==n.once||e.passive!==n.passive,r=e!==P&&(n===P||o);o&&this.element.removeEventListener(this.name,this,n),r&&this.element.addEventListener(this.name,this,e),this._$AH=e}handleEvent(e){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,e):this._$AH.handleEvent(e)}};class nl{constructor(e,t,n){this.element=e,this.type=6,this._$AN=void 0,this._$AM=t,this.options=n}get _$AU(){return this._$AM._$AU}_$AI(e){Ue(this,e)}}const ol={I:Ot},rl=ps.litHtmlPolyfillSupport;rl?.(ns,Ot),(ps.litHtmlVersions??=[]).push("3.3.3");const il=(s,e,t)=>{const n=t?.renderBefore??e;let o=n._$litPart$;if(o===void 0){const r=t?.renderBefore??null;n._$litPart$=o=new Ot(e.insertBefore(nt(),r),r,void 0,t??{})}return o._$AI(s),o};/**
 * @license
 * Copyright 2017 Google LLC
 * SPDX-License-Identifier: BSD-3-Clause
 */const fs=globalThis;let st=class extends De{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){const e=super.createRenderRoot();return this.renderOptions.renderBefore??=e.firstChild,e}update(e){const t=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(e),this._$Do=il(t,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return ke}};st._$litElement$=!0,st.finalized=!0,fs.litElementHydrateSupport?.({LitElement:st});const al=fs.litElementPolyfillSupport;al?.({LitElement:st});(fs.litElementVersions??=[]).push("4.2.2");const ie=s=>Kn(s),ae=Oa,ll=La`
  :host {
    /* Re-pin inheritable properties to close inheritance leaks from hostile
       host CSS. These are the only properties that cross the shadow boundary
       via inheritance, so we hard-set them at the root. */
    all: initial;
    display: block;
    height: 100%;
    box-sizing: border-box;
    font-family: var(
      --cpk-drawer-font-family,
      ui-sans-serif,
      system-ui,
      sans-serif
    );
    font-size: var(--cpk-drawer-font-size, 14px);
    line-height: var(--cpk-drawer-line-height, 1.4);
    color: var(--cpk-drawer-fg, var(--foreground, ${ie(ae.fg)}));

    /* Three-level token resolution, highest priority first:
       1. explicit per-token override (--cpk-drawer-*),
       2. the host app's theme variable (--background/--card/… — the standard
          react-core/shadcn names), so the drawer follows the host's light/dark
          theme by inheritance (custom properties are NOT reset by all:initial),
       3. the built-in light default derived from react-core at build time, so a
          host with no theme still renders correctly (self-contained). */
    --_bg: var(--cpk-drawer-bg, var(--background, ${ie(ae.bg)}));
    --_surface: var(--cpk-drawer-surface, var(--card, ${ie(ae.surface)}));
    --_surface-fg: var(
      --cpk-drawer-surface-fg,
      var(--card-foreground, ${ie(ae["surface-fg"])})
    );
    --_muted: var(--cpk-drawer-muted, var(--muted, ${ie(ae.muted)}));
    --_muted-fg: var(
      --cpk-drawer-muted-fg,
      var(--muted-foreground, ${ie(ae["muted-fg"])})
    );
    --_accent: var(--cpk-drawer-accent, var(--accent, ${ie(ae.accent)}));
    --_accent-fg: var(
      --cpk-drawer-accent-fg,
      var(--accent-foreground, ${ie(ae["accent-fg"])})
    );
    --_primary: var(--cpk-drawer-primary, var(--primary, ${ie(ae.primary)}));
    --_primary-fg: var(
      --cpk-drawer-primary-fg,
      var(--primary-foreground, ${ie(ae["primary-fg"])})
    );
    --_danger: var(--cpk-drawer-danger, var(--destructive, ${ie(ae.danger)}));
    --_border: var(--cpk-drawer-border, var(--border, ${ie(ae.border)}));
    --_ring: var(--cpk-drawer-ring, var(--ring, ${ie(ae.ring)}));
    --_indicator: var(--cpk-drawer-indicator, #5b94e4);
    /* Cap the corner radius at 4px (per designer) — themeable but never larger. */
    --_radius: min(
      var(--cpk-drawer-radius, var(--radius, ${ie(ae.radius)})),
      4px
    );
    --_width: var(--cpk-drawer-width, 320px);
  }

  :host([hidden]) {
    display: none;
  }

  * {
    box-sizing: border-box;
  }

  .root {
    display: flex;
    flex-direction: column;
    height: 100%;
    width: var(--_width);
    background: var(--_bg);
    border-right: 1px solid var(--_border);
    overflow: hidden;
    transition: width 0.2s ease;
    /* The confirm-delete dialog no longer needs a positioning context here: it
       is a native <dialog> opened with showModal(), which renders in the
       browser top layer independent of any stacking context (ENT-1051). No
       other direct child of .root is absolutely positioned (the filter and
       row-action popovers anchor to their own positioned ancestors), so .root
       stays static. The mobile path establishes its own context via
       position:fixed. */
  }

  /* Mobile: off-canvas overlay (modal pattern). */
  .root.mobile {
    position: fixed;
    inset: 0 auto 0 0;
    z-index: 1000;
    width: min(var(--_width), 85vw);
    transform: translateX(-100%);
    transition: transform 0.2s ease;
    box-shadow: 0 0 0 100vmax transparent;
  }

  .root.mobile.open {
    transform: translateX(0);
  }

  /* Desktop collapsed: the panel is replaced by the floating cluster, so remove
     it from the layout entirely. The host reclaims the reserved column via the
     --cpk-drawer-reserved-width:0px override the element sets on collapse. */
  .root.collapsed {
    display: none;
  }

  .backdrop {
    position: fixed;
    inset: 0;
    z-index: 999;
    background: rgba(0, 0, 0, 0.4);
    border: 0;
    padding: 0;
    margin: 0;
    cursor: pointer;
  }

  /* Floating launcher cluster (Figma "closed" mockup): a rounded surface card
     holding the sidebar toggle + a "New Conversation" (+) icon button. Rendered
     by the element itself in the mobile-closed AND desktop-collapsed states so
     there is always a way to reopen/expand — and to start a new conversation —
     with no host wiring. */
  .launcher-cluster {
    position: fixed;
    z-index: 998;
    /* Position is themeable so a host can line the cluster up with its own
       header controls (e.g. vertically centering it on a toggle group). */
    top: var(--cpk-drawer-launcher-top, 24px);
    left: var(--cpk-drawer-launcher-left, 24px);
    display: inline-flex;
    align-items: center;
    gap: 2px;
    padding: 6px;
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_surface-fg);
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.12);
  }

  .launcher {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 32px;
    height: 32px;
    padding: 6px;
    border: 0;
    border-radius: calc(var(--_radius) - 3px);
    background: transparent;
    color: var(--_surface-fg);
    cursor: pointer;
    font: inherit;
  }

  .launcher:hover,
  .launcher:focus-visible {
    background: var(--_muted);
  }

  .launcher .icon {
    width: 18px;
    height: 18px;
    display: block;
  }

  .header {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 12px;
  }

  /* The header is hidden until a consumer projects slot="header" content
     (the redesign has no built-in header controls). Mirrors the memories/footer
     gating so an empty padded header bar never renders above the list. */
  .header[hidden] {
    display: none;
  }

  /* Optional consumer projection surface. When a consumer projects into
     slot="header" it fills the header row. */
  .header slot[name="header"] {
    display: flex;
    align-items: center;
    flex: 1;
    min-width: 0;
  }

  .icon-btn {
    position: relative;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 32px;
    height: 32px;
    padding: 6px;
    border: 0;
    border-radius: var(--_radius);
    background: transparent;
    color: var(--_muted-fg);
    cursor: pointer;
    font: inherit;
  }

  /* "Filter applied" indicator dot at the funnel's bottom-right (Figma archived
     view). Shown only when a non-default filter is active. */
  .filter-dot {
    position: absolute;
    right: 3px;
    bottom: 4px;
    width: 6px;
    height: 6px;
    border-radius: 50%;
    background: var(--_indicator);
    pointer-events: none;
  }

  .icon-btn:hover,
  .icon-btn:focus-visible {
    background: var(--_muted);
    color: inherit;
  }

  .icon-btn[aria-pressed="true"] {
    background: var(--_muted);
    color: inherit;
  }

  .icon {
    width: 20px;
    height: 20px;
    display: block;
  }

  .new-conversation {
    display: flex;
    align-items: center;
    gap: 12px;
    /* No top margin by default: the header bar (the collapse toggle on desktop,
       the close button on mobile-open) sits above this row and supplies the top
       spacing — the header-hidden case re-adds it below. Horizontal geometry
       matches the list rows: the hover background insets 12px (like a row's
       highlight) and, with 10px inner padding, the icon's left edge lands at
       22px — the same x as the thread names below (list padding 12 + row
       padding 10). */
    margin: 0 12px;
    padding: 8px 10px;
    border: 0;
    border-radius: var(--_radius);
    background: transparent;
    color: inherit;
    cursor: pointer;
    font: inherit;
    text-align: left;
  }

  /* Only when the header bar is fully hidden (collapsible=false AND no projected
     header content) is this row the first element — give it the top spacing the
     header would otherwise supply. */
  .header[hidden] + .new-conversation {
    margin-top: 12px;
  }

  .new-conversation:hover,
  .new-conversation:focus-visible {
    background: var(--_muted);
  }

  .new-conversation .icon {
    width: 16px;
    height: 16px;
  }

  .section-heading {
    position: relative;
    display: flex;
    align-items: center;
    justify-content: space-between;
    /* Match the list rows' content edge: "Recent Conversations" lands at 22px
       (margin 12 + padding 10), aligned with the thread names and the New
       Conversation icon; the funnel sits 22px from the right, over the kebabs. */
    padding: 8px 10px;
    margin: 0 12px;
  }

  .section-title {
    font-size: 11px;
    font-weight: 600;
    letter-spacing: 0.02em;
    color: var(--_muted-fg);
    text-transform: none;
  }

  .icon-btn.small {
    width: 24px;
    height: 24px;
    padding: 4px;
  }

  .icon-btn.small .icon {
    width: 16px;
    height: 16px;
  }

  .filter-popover {
    position: absolute;
    right: 0;
    top: calc(100% + 4px);
    z-index: 15;
    display: flex;
    flex-direction: column;
    min-width: 120px;
    padding: 4px;
    background: var(--_surface);
    color: var(--_surface-fg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 4px 12px rgb(0 0 0 / 0.18);
  }

  .filter-opt {
    border: 0;
    background: transparent;
    color: inherit;
    cursor: pointer;
    font: inherit;
    text-align: left;
    padding: 6px 8px;
    border-radius: 4px;
  }

  .filter-opt:hover,
  .filter-opt:focus-visible {
    background: var(--_muted);
  }

  .filter-opt[aria-pressed="true"] {
    font-weight: 600;
  }

  .list {
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    padding: 8px 12px;
    margin: 0;
    list-style: none;
    display: flex;
    flex-direction: column;
    gap: 4px;
  }

  .row {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 8px 10px;
    border-radius: var(--_radius);
    cursor: pointer;
    background: transparent;
    color: inherit;
    border: 1px solid transparent;
    opacity: 0;
    transform: translateY(4px);
    animation: cpk-drawer-row-in 0.18s ease forwards;
    /* Positioned so the hovered row can be lifted above later rows (below). */
    position: relative;
  }

  /* Lift the interacted row above later rows so its kebab popover (which paints
     inside the row's own transform stacking context) is not clipped by / drawn
     under the rows below it. */
  .row:hover,
  .row:focus-within,
  .row.menu-open {
    z-index: 3;
  }

  /* While a kebab menu is open, the popover only covers part of the rows it
     overlaps, so the rest of the list would still respond to hover — revealing
     other rows' kebabs and (under a host \`::part(row):hover\` theme) painting a
     hover background "through"/around the open menu. Freeze pointer events on
     every OTHER row so the menu reads as a single focused surface. The owner
     row (\`.menu-open\`) and its popover stay interactive, and a pointerdown that
     lands on a frozen row still reaches the document handler that closes the
     menu, so click-away dismissal is preserved. */
  .list.menu-open .row:not(.menu-open) {
    pointer-events: none;
  }

  @keyframes cpk-drawer-row-in {
    to {
      opacity: 1;
      transform: translateY(0);
    }
  }

  .row.active {
    background: var(--_accent);
    color: var(--_accent-fg);
    /* No border on the selected row — the background change alone marks it
       (per designer). The base row keeps its 1px transparent border so the
       layout stays stable. */
  }

  .row.archived .row-name {
    color: var(--_muted-fg);
    font-style: italic;
  }

  .row-name {
    flex: 1;
    min-width: 0;
  }

  .row-name-text {
    display: block;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  .row-name.placeholder {
    color: var(--_muted-fg);
    font-style: italic;
  }

  .row-name.revealed {
    animation: cpk-drawer-name-reveal 0.3s ease;
  }

  @keyframes cpk-drawer-name-reveal {
    from {
      opacity: 0.4;
    }
    to {
      opacity: 1;
    }
  }

  .row-action {
    position: relative;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    flex: none;
    border: 0;
    background: transparent;
    color: var(--_muted-fg);
    cursor: pointer;
    font: inherit;
    padding: 5px;
    border-radius: 4px;
  }

  .row-action:hover,
  .row-action:focus-visible {
    background: var(--_muted);
    color: inherit;
  }

  .row-action-icon {
    width: 15px;
    height: 15px;
    display: block;
  }

  /* Per-row kebab trigger: hidden at rest, revealed when the row is hovered,
     focused (keyboard), active (selected), or its menu is open. */
  .row-menu {
    flex: none;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 24px;
    height: 24px;
    padding: 4px;
    border: 0;
    border-radius: 4px;
    background: transparent;
    color: var(--_muted-fg);
    cursor: pointer;
    font: inherit;
    opacity: 0;
  }

  .row:hover .row-menu,
  .row:focus-within .row-menu,
  .row.active .row-menu,
  .row-menu[aria-expanded="true"] {
    opacity: 1;
  }

  .row-menu:hover,
  .row-menu:focus-visible {
    background: var(--_muted);
    color: inherit;
  }

  .row-menu .icon {
    width: 16px;
    height: 16px;
  }

  .row-menu-popover {
    position: absolute;
    right: 8px;
    top: calc(100% - 4px);
    z-index: 16;
    display: flex;
    flex-direction: column;
    min-width: 140px;
    padding: 4px;
    background: var(--_surface);
    color: var(--_surface-fg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 4px 12px rgb(0 0 0 / 0.18);
  }

  /* Rows in the lower portion of the list open their kebab menu UPWARD so it is
     not clipped by the list's overflow scroll box (.list is overflow-y:auto,
     which also clips the x-axis). Anchoring to the button's top edge via
     \`bottom\` keeps the popover inside the list's visible area for bottom rows. */
  .row.menu-up .row-menu-popover {
    top: auto;
    bottom: calc(100% - 4px);
  }

  .row-menu-item {
    display: flex;
    align-items: center;
    gap: 8px;
    border: 0;
    background: transparent;
    color: inherit;
    cursor: pointer;
    font: inherit;
    text-align: left;
    padding: 6px 8px;
    border-radius: 4px;
  }

  .row-menu-item:hover,
  .row-menu-item:focus-visible {
    background: var(--_muted);
  }

  .row-menu-item.danger:hover,
  .row-menu-item.danger:focus-visible {
    color: var(--_danger);
  }

  .row-menu-item .row-action-icon,
  .row-menu-item .icon {
    width: 15px;
    height: 15px;
  }

  button.primary {
    background: var(--_primary);
    color: var(--_primary-fg);
    border: 0;
    border-radius: var(--_radius);
    padding: 8px 12px;
    cursor: pointer;
    font: inherit;
  }

  .state {
    padding: 24px 16px;
    text-align: center;
    color: var(--_muted-fg);
  }

  .state.error {
    color: var(--_danger);
  }

  .fetch-more-error {
    padding: 8px 12px;
    text-align: center;
    color: var(--_danger);
    font-size: 0.9em;
  }

  .load-more {
    display: block;
    width: 100%;
    padding: 8px 12px;
    background: none;
    border: none;
    color: var(--_muted-fg);
    font: inherit;
    font-size: 0.9em;
    cursor: pointer;
  }

  .load-more:hover,
  .load-more:focus-visible {
    color: var(--_surface-fg);
    background: var(--_muted);
  }

  .licensed {
    padding: 24px 16px;
    text-align: center;
    display: flex;
    flex-direction: column;
    gap: 12px;
  }

  .memories {
    border-top: 1px solid var(--_border);
    padding: 8px 12px;
  }

  .memories[hidden] {
    display: none;
  }

  /* Confirm-delete dialog — a native <dialog> opened with showModal(). It lives
     in the browser TOP LAYER, so it can never be painted under other UI (the
     old CSS-positioned overlay was trapped in the drawer host's stacking
     context and appeared under the chat's welcome view — ENT-1051). The UA
     centers it in the viewport via margin:auto; we reset the UA chrome and
     apply the drawer's surface-card look. */
  .dialog {
    /* Top-layer (showModal) so it is never clipped, but centered over the DRAWER
       PANEL rather than the viewport: JS sets --confirm-cx/cy from the visible
       .root rect (falls back to viewport-center when unmeasured, e.g. jsdom).
       Width is capped to the drawer band so it reads as "inside the drawer". */
    margin: 0;
    position: fixed;
    left: var(--confirm-cx, 50%);
    top: var(--confirm-cy, 50%);
    transform: translate(-50%, -50%);
    border: 0;
    padding: 16px;
    width: max-content;
    max-width: min(80vw, calc(var(--_width) - 24px));
    background: var(--_surface);
    color: var(--_surface-fg);
    border-radius: var(--_radius);
  }

  /* Only lay out the card contents when open. A closed <dialog> is display:none
     via the UA stylesheet, and author display rules must not override that (or
     an empty box would leak), so the flex layout is scoped to [open]. */
  .dialog[open] {
    display: flex;
    flex-direction: column;
    gap: 12px;
  }

  .dialog::backdrop {
    background: rgba(0, 0, 0, 0.3);
  }

  .dialog-actions {
    display: flex;
    justify-content: flex-end;
    gap: 8px;
  }

  .footer {
    border-top: 1px solid var(--_border);
    padding: 12px;
  }

  .footer[hidden] {
    display: none;
  }
`;/**
 * @license
 * Copyright 2017 Google LLC
 * SPDX-License-Identifier: BSD-3-Clause
 */const so={ATTRIBUTE:1,CHILD:2},no=s=>(...e)=>({_$litDirective$:s,values:e});let oo=class{constructor(e){}get _$AU(){return this._$AM._$AU}_$AT(e,t,n){this._$Ct=e,this._$AM=t,this._$Ci=n}_$AS(e,t){return this.update(e,t)}update(e,t){return this.render(...t)}};/**
 * @license
 * Copyright 2020 Google LLC
 * SPDX-License-Identifier: BSD-3-Clause
 */const{I:cl}=ol,nn=s=>s,on=()=>document.createComment(""),Ze=(s,e,t)=>{const n=s._$AA.parentNode,o=e===void 0?s._$AB:e._$AA;if(t===void 0){const r=n.insertBefore(on(),o),i=n.insertBefore(on(),o);t=new cl(r,i,s,s.options)}else{const r=t._$AB.nextSibling,i=t._$AM,a=i!==s;if(a){let d;t._$AQ?.(s),t._$AM=s,t._$AP!==void 0&&(d=s._$AU)!==i._$AU&&t._$AP(d)}if(r!==o||a){let d=t._$AA;for(;d!==r;){const g=nn(d).nextSibling;nn(n).insertBefore(d,o),d=g}}}return t},Te=(s,e,t=s)=>(s._$AI(e,t),s),dl={},hl=(s,e=dl)=>s._$AH=e,ul=s=>s._$AH,Wt=s=>{s._$AR(),s._$AA.remove()};/**
 * @license
 * Copyright 2017 Google LLC
 * SPDX-License-Identifier: BSD-3-Clause
 */const rn=(s,e,t)=>{const n=new Map;for(let o=e;o<=t;o++)n.set(s[o],o);return n},pl=no(class extends oo{constructor(s){if(super(s),s.type!==so.CHILD)throw Error("repeat() can only be used in text expressions")}dt(s,e,t){let n;t===void 0?t=e:e!==void 0&&(n=e);const o=[],r=[];let i=0;for(const a of s)o[i]=n?n(a,i):i,r[i]=t(a,i),i++;return{values:r,keys:o}}render(s,e,t){return this.dt(s,e,t).values}update(s,[e,t,n]){const o=ul(s),{values:r,keys:i}=this.dt(e,t,n);if(!Array.isArray(o))return this.ut=i,r;const a=this.ut??=[],d=[];let g,u,p=0,y=o.length-1,_=0,f=r.length-1;for(;p<=y&&_<=f;)if(o[p]===null)p++;else if(o[y]===null)y--;else if(a[p]===i[_])d[_]=Te(o[p],r[_]),p++,_++;else if(a[y]===i[f])d[f]=Te(o[y],r[f]),y--,f--;else if(a[p]===i[f])d[f]=Te(o[p],r[f]),Ze(s,d[f+1],o[p]),p++,f--;else if(a[y]===i[_])d[_]=Te(o[y],r[_]),Ze(s,o[p],o[y]),y--,_++;else if(g===void 0&&(g=rn(i,_,f),u=rn(a,p,y)),g.has(a[p]))if(g.has(a[y])){const S=u.get(i[_]),X=S!==void 0?o[S]:null;if(X===null){const G=Ze(s,o[p]);Te(G,r[_]),d[_]=G}else d[_]=Te(X,r[_]),Ze(s,o[p],X),o[S]=null;_++}else Wt(o[y]),y--;else Wt(o[p]),p++;for(;_<=f;){const S=Ze(s,d[f+1]);Te(S,r[_]),d[_++]=S}for(;p<=y;){const S=o[p++];S!==null&&Wt(S)}return this.ut=i,hl(s,d),ke}});/**
 * @license
 * Copyright 2018 Google LLC
 * SPDX-License-Identifier: BSD-3-Clause
 */const Jt=no(class extends oo{constructor(s){if(super(s),s.type!==so.ATTRIBUTE||s.name!=="class"||s.strings?.length>2)throw Error("`classMap()` can only be used in the `class` attribute and must be the only part in the attribute.")}render(s){return" "+Object.keys(s).filter(e=>s[e]).join(" ")+" "}update(s,[e]){if(this.st===void 0){this.st=new Set,s.strings!==void 0&&(this.nt=new Set(s.strings.join(" ").split(/\s/).filter(n=>n!=="")));for(const n in e)e[n]&&!this.nt?.has(n)&&this.st.add(n);return this.render(e)}const t=s.element.classList;for(const n of this.st)n in e||(t.remove(n),this.st.delete(n));for(const n in e){const o=!!e[n];o===this.st.has(n)||this.nt?.has(n)||(o?(t.add(n),this.st.add(n)):(t.remove(n),this.st.delete(n)))}return ke}}),ml=768;function Kt(s){return s!==null&&s.trim().length>0}function fl(s){return s.length===0||/[\s"'<>=]/.test(s)?null:`row:${s}`}const gl=T`
  <svg
    class="row-action-icon"
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    stroke-width="2"
    stroke-linecap="round"
    stroke-linejoin="round"
    aria-hidden="true"
  >
    <rect width="20" height="5" x="2" y="3" rx="1" />
    <path d="M4 8v11a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8" />
    <path d="M10 12h4" />
  </svg>
`,bl=T`
  <svg
    class="row-action-icon"
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    stroke-width="2"
    stroke-linecap="round"
    stroke-linejoin="round"
    aria-hidden="true"
  >
    <rect width="20" height="5" x="2" y="3" rx="1" />
    <path d="M4 8v11a2 2 0 0 0 2 2h2" />
    <path d="M20 8v11a2 2 0 0 1-2 2h-2" />
    <path d="m9 15 3-3 3 3" />
    <path d="M12 12v9" />
  </svg>
`,yl=T`
  <svg
    class="row-action-icon"
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    stroke-width="2"
    stroke-linecap="round"
    stroke-linejoin="round"
    aria-hidden="true"
  >
    <path d="M3 6h18" />
    <path
      d="M19 6v14a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V6m3 0V4a2 2 0 0 1 2-2h4a2 2 0 0 1 2 2v2"
    />
    <line x1="10" x2="10" y1="11" y2="17" />
    <line x1="14" x2="14" y1="11" y2="17" />
  </svg>
`,Qt=T`
  <svg
    class="icon"
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    stroke-width="2"
    stroke-linecap="round"
    stroke-linejoin="round"
    aria-hidden="true"
  >
    <rect width="18" height="18" x="3" y="3" rx="2" />
    <path d="M9 3v18" />
  </svg>
`,an=T`
  <svg
    class="icon"
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    stroke-width="2"
    stroke-linecap="round"
    stroke-linejoin="round"
    aria-hidden="true"
  >
    <rect width="18" height="18" x="3" y="3" rx="2" />
    <path d="M8 12h8" />
    <path d="M12 8v8" />
  </svg>
`,vl=T`
  <svg
    class="icon"
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    stroke-width="2"
    stroke-linecap="round"
    stroke-linejoin="round"
    aria-hidden="true"
  >
    <line x1="3" y1="5" x2="21" y2="5" />
    <line x1="6" y1="12" x2="18" y2="12" />
    <line x1="10" y1="19" x2="14" y2="19" />
  </svg>
`,wl=T`
  <svg class="icon" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">
    <circle cx="12" cy="5" r="1.6" />
    <circle cx="12" cy="12" r="1.6" />
    <circle cx="12" cy="19" r="1.6" />
  </svg>
`;var Ne;Ne=class extends st{constructor(...e){super(...e),this.label="Threads",this.recentLabel="Recent Conversations",this.threads=[],this.loading=!1,this.error=null,this.activeThreadId=null,this.licensed=!0,this.licenseUrl="https://docs.copilotkit.ai/intelligence",this.hasMore=!1,this.fetchingMore=!1,this.fetchMoreError=null,this.open=!1,this.collapsed=!1,this.collapsible=!0,this._filter="active",this._confirmingDeleteId=null,this._viewportIsMobile=!1,this._hasHeader=!1,this._hasMemories=!1,this._hasFooter=!1,this._filterOpen=!1,this._openMenuId=null,this._mediaQuery=null,this._onMediaChange=t=>{this._viewportIsMobile=t.matches},this._onKeyDown=t=>{if(t.key==="Escape"){if(this._openMenuId!==null){this._openMenuId=null,t.stopPropagation();return}if(this._filterOpen){this._filterOpen=!1,t.stopPropagation();return}if(this._confirmingDeleteId!==null){t.stopPropagation();return}this._viewportIsMobile&&this.open&&(this._setOpen(!1),t.stopPropagation());return}t.key==="Tab"&&this._trapTab(t)},this._onDocumentPointerDown=t=>{if(!this._filterOpen&&this._openMenuId===null)return;const n=t.composedPath();if(this._filterOpen){const o=this.renderRoot.querySelector('[part="filters"]'),r=this.renderRoot.querySelector('[part="filter-toggle"]');o&&n.includes(o)||r&&n.includes(r)||(this._filterOpen=!1)}if(this._openMenuId!==null){const o=this.renderRoot.querySelector('[part="row-menu-popover"]'),r=this.renderRoot.querySelector('.row.menu-open [part="row-menu"]');o&&n.includes(o)||r&&n.includes(r)||(this._openMenuId=null)}},this._seenNamed=new Set,this._justRevealed=new Set,this._repositionConfirm=()=>this._positionConfirmDialog(),this._scrollLocked=!1,this._prevBodyOverflow="",this._trapTab=t=>{if(t.key!=="Tab"||!this._isMobileModalOpen())return;const n=this._composedFocusable();if(n.length===0)return;const o=n[0],r=n[n.length-1],i=this.renderRoot.activeElement??document.activeElement;t.shiftKey&&i===o?(r.focus(),t.preventDefault()):!t.shiftKey&&i===r&&(o.focus(),t.preventDefault())}}connectedCallback(){super.connectedCallback(),typeof window<"u"&&window.matchMedia&&(this._mediaQuery=window.matchMedia(`(max-width: ${ml}px)`),this._viewportIsMobile=this._mediaQuery.matches,this._mediaQuery.addEventListener("change",this._onMediaChange)),this.addEventListener("keydown",this._onKeyDown),typeof document<"u"&&document.addEventListener("pointerdown",this._onDocumentPointerDown)}disconnectedCallback(){super.disconnectedCallback(),this._mediaQuery?.removeEventListener("change",this._onMediaChange),this.removeEventListener("keydown",this._onKeyDown),typeof document<"u"&&document.removeEventListener("pointerdown",this._onDocumentPointerDown),typeof window<"u"&&(window.removeEventListener("scroll",this._repositionConfirm,!0),window.removeEventListener("resize",this._repositionConfirm)),typeof document<"u"&&document.documentElement.style.removeProperty("--cpk-drawer-reserved-width"),this._releaseScrollLock()}willUpdate(e){if(e.has("threads")){const t=new Set,n=new Set;for(const o of this.threads){t.add(o.id);const r=o.name!==null&&o.name!=="";r&&!this._seenNamed.has(o.id)&&n.add(o.id),r&&this._seenNamed.add(o.id)}for(const o of this._seenNamed)t.has(o)||this._seenNamed.delete(o);this._justRevealed=n,this._confirmingDeleteId!==null&&(this._visibleThreads().some(o=>o.id===this._confirmingDeleteId)||(this._confirmingDeleteId=null)),this._openMenuId!==null&&(this._visibleThreads().some(o=>o.id===this._openMenuId)||(this._openMenuId=null))}}updated(e){(e.has("open")||e.has("_viewportIsMobile"))&&(this._isMobileModalOpen()?(this._applyScrollLock(),this._focusFirstFocusable()):this._releaseScrollLock()),(e.has("collapsed")||e.has("collapsible")||e.has("_viewportIsMobile"))&&this._syncReservedWidth();const t=this.renderRoot.querySelector("dialog");if(t){const n=this._confirmingDeleteId;n!==null&&!t.open?(typeof t.showModal=="function"?t.showModal():t.setAttribute("open",""),this._positionConfirmDialog(),window.addEventListener("scroll",this._repositionConfirm,!0),window.addEventListener("resize",this._repositionConfirm)):n===null&&t.open&&(typeof t.close=="function"?t.close():t.removeAttribute("open"),window.removeEventListener("scroll",this._repositionConfirm,!0),window.removeEventListener("resize",this._repositionConfirm))}this._justRevealed.size>0&&(this._justRevealed=new Set)}_isMobileModalOpen(){return this._viewportIsMobile&&this.open}_setOpen(e){this.open!==e&&(this.open=e,this._emit("open-change",{open:e}))}_setCollapsed(e){this.collapsed!==e&&(this.collapsed=e,this._emit("collapse-change",{collapsed:e}))}_syncReservedWidth(){if(typeof document>"u")return;const e=this.collapsible&&this.collapsed&&!this._viewportIsMobile,t=document.documentElement;e?t.style.setProperty("--cpk-drawer-reserved-width","0px"):t.style.removeProperty("--cpk-drawer-reserved-width")}_positionConfirmDialog(){const e=this.renderRoot.querySelector("dialog"),t=this.renderRoot.querySelector(".root");if(!e)return;const n=t?.getBoundingClientRect();if(!n||n.width===0&&n.height===0){e.style.removeProperty("--confirm-cx"),e.style.removeProperty("--confirm-cy");return}const o=window.innerWidth,r=window.innerHeight,i=Math.max(n.left,0),a=Math.min(n.right,o),d=Math.max(n.top,0),g=Math.min(n.bottom,r);e.style.setProperty("--confirm-cx",`${(i+a)/2}px`),e.style.setProperty("--confirm-cy",`${(d+g)/2}px`)}_setFilter(e){this._filter!==e&&(this._filter=e,this._emit("filter-change",{filter:e}))}_visibleThreads(){const e=this._filter==="active"?this.threads.filter(n=>!n.archived):this.threads,t=n=>{const o=n.lastRunAt??n.updatedAt??n.createdAt,r=Date.parse(o);return Number.isNaN(r)?null:r};return[...e].map((n,o)=>({thread:n,index:o,ts:t(n)})).sort((n,o)=>n.ts===null&&o.ts===null?n.index-o.index:n.ts===null?1:o.ts===null?-1:n.ts!==o.ts?o.ts-n.ts:n.index-o.index).map(n=>n.thread)}_emit(e,t){this.dispatchEvent(new CustomEvent(e,{detail:t,bubbles:!0,composed:!0}))}_applyScrollLock(){this._scrollLocked||typeof document>"u"||(this._prevBodyOverflow=document.body.style.overflow,document.body.style.overflow="hidden",this._scrollLocked=!0)}_releaseScrollLock(){!this._scrollLocked||typeof document>"u"||(document.body.style.overflow=this._prevBodyOverflow,this._scrollLocked=!1)}_composedFocusable(){const e='a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])',t=[],n=this.renderRoot.querySelector(".backdrop");n&&t.push(n);const o=this.renderRoot.querySelector(".root");if(!o)return t;const r=i=>{i.querySelectorAll(e).forEach(a=>t.push(a))};return r(o),o.querySelectorAll("slot").forEach(i=>{i.assignedElements({flatten:!0}).forEach(a=>{a.matches(e)&&t.push(a),r(a)})}),t}_focusFirstFocusable(){queueMicrotask(()=>{const e=this._composedFocusable(),t=this.renderRoot.querySelector(".backdrop");(e.find(n=>n!==t)??e[0])?.focus()})}render(){const e=this.collapsible&&this.collapsed&&!this._viewportIsMobile,t=this._viewportIsMobile&&!this.open,n=e||t,o={root:!0,mobile:this._viewportIsMobile,open:this.open,collapsed:e};return T`
      ${n?this._renderCluster():P}
      ${this._isMobileModalOpen()?T`<button
            class="backdrop"
            part="backdrop"
            aria-label="Close threads drawer"
            @click=${()=>this._setOpen(!1)}
          ></button>`:P}
      <div
        class=${Jt(o)}
        part="root"
        role=${this._isMobileModalOpen()?"dialog":"region"}
        aria-modal=${this._isMobileModalOpen()?"true":P}
        aria-hidden=${e?"true":P}
        aria-label=${this.label}
      >
        ${e?P:T`${this._renderHeader()} ${this._renderBody()}
              ${this._renderMemories()} ${this._renderFooter()}
              ${this._renderConfirmDialog()}`}
      </div>
    `}_renderCluster(){const e=this._viewportIsMobile?()=>this._setOpen(!0):()=>this._setCollapsed(!1);return T`
      <div class="launcher-cluster" part="launcher-cluster">
        <button
          class="launcher"
          part="launcher"
          aria-label=${this._viewportIsMobile?"Open threads":"Expand threads"}
          @click=${e}
        >
          <slot name="launcher-icon">${Qt}</slot>
        </button>
        ${this.licensed?T`<button
                class="launcher launcher-new-thread"
                part="launcher-new-thread"
                aria-label="New Conversation"
                @click=${()=>this._emit("new-thread",{})}
              >
                ${an}
              </button>`:P}
      </div>
    `}_renderHeader(){const e=this._viewportIsMobile&&this.open,t=this.collapsible&&!this._viewportIsMobile;return T`
      <div
        class="header"
        part="header"
        ?hidden=${!this._hasHeader&&!e&&!t}
      >
        <slot
          name="header"
          @slotchange=${n=>{this._hasHeader=n.target.assignedElements().length>0}}
        ></slot>
        ${t?T`<button
              class="icon-btn"
              part="collapse-toggle"
              aria-label="Collapse threads"
              @click=${()=>this._setCollapsed(!0)}
            >
              ${Qt}
            </button>`:P}
        ${e?T`<button
              class="icon-btn"
              part="close-toggle"
              aria-label="Close threads"
              @click=${()=>this._setOpen(!1)}
            >
              ${Qt}
            </button>`:P}
      </div>
      ${this.licensed?this._renderNewConversation():P}
      ${this._renderSectionHeading()}
    `}_renderNewConversation(){return T`
      <button
        class="new-conversation"
        part="new-thread-button"
        @click=${()=>this._emit("new-thread",{})}
      >
        ${an}
        <span>New Conversation</span>
      </button>
    `}_renderSectionHeading(){return!this.licensed||Kt(this.error)&&this.threads.length===0?P:T`
      <div class="section-heading" part="section-heading">
        <span class="section-title">${this.recentLabel}</span>
        <button
          class="icon-btn small"
          part="filter-toggle"
          aria-label="Filter threads"
          aria-expanded=${this._filterOpen}
          @click=${()=>this._filterOpen=!this._filterOpen}
        >
          ${vl}
          ${this._filter!=="active"?T`
                  <span class="filter-dot" part="filter-indicator"></span>
                `:P}
        </button>
        ${this._filterOpen?T`<div
              class="filter-popover"
              part="filters"
              role="group"
              aria-label="Filter threads"
            >
              <button
                class="filter-opt"
                part="filter-active"
                aria-pressed=${this._filter==="active"}
                @click=${()=>{this._setFilter("active"),this._filterOpen=!1}}
              >
                Active
              </button>
              <button
                class="filter-opt"
                part="filter-all"
                aria-pressed=${this._filter==="all"}
                @click=${()=>{this._setFilter("all"),this._filterOpen=!1}}
              >
                All
              </button>
            </div>`:P}
      </div>
    `}_renderBody(){return this.licensed?Kt(this.error)&&this.threads.length===0?this._renderError():this.loading&&this.threads.length===0?this._renderLoading():this._renderList():this._renderLicensed()}_onLicensedCta(){this.dispatchEvent(new CustomEvent("licensed",{detail:{licenseUrl:this.licenseUrl},bubbles:!0,composed:!0,cancelable:!0}))&&this.licenseUrl&&typeof window<"u"&&window.open(this.licenseUrl,"_blank","noopener,noreferrer")}_renderLicensed(){return T`
      <div class="licensed" part="licensed" data-testid="drawer-licensed">
        <slot name="licensed">
          <p>Threads are a CopilotKit Intelligence feature.</p>
          <button
            class="primary"
            part="licensed-cta"
            @click=${()=>this._onLicensedCta()}
          >
            Upgrade
          </button>
        </slot>
      </div>
    `}_renderError(){return T`
      <div
        class="state error"
        part="error"
        role="alert"
        data-testid="drawer-error"
      >
        <p>${this.error}</p>
        <button
          class="primary"
          part="retry-button"
          @click=${()=>this._emit("retry",{scope:"initial"})}
        >
          Retry
        </button>
      </div>
    `}_renderLoading(){return T`
      <div class="state" part="loading" data-testid="drawer-loading" aria-busy="true">
        Loading threads…
      </div>
    `}_renderList(){const e=this._visibleThreads();return e.length===0?T`
        <div class="state" part="empty" data-testid="drawer-empty">
          <slot name="empty">No threads yet.</slot>
        </div>
      `:T`
      <ul
        class=${this._openMenuId!==null?"list menu-open":"list"}
        part="list"
        role="listbox"
        aria-label=${this.label}
      >
        ${pl(e,t=>t.id,(t,n)=>this._renderRow(t,n,e.length))}
      </ul>
      ${this._renderFetchMore()}
    `}_renderRow(e,t=0,n=1){const o=e.id===this.activeThreadId,r=e.name!==null&&e.name!=="",i=r?e.name:"New thread",a=this._justRevealed.has(e.id),d=this._openMenuId===e.id,g=d&&n>1&&t>=n/2,u={row:!0,active:o,archived:e.archived,"menu-open":d,"menu-up":g},p={"row-name":!0,placeholder:!r,revealed:a},y=fl(e.id),_=T`<span class=${Jt(p)} part="row-name">
      <span class="row-name-text">${i}</span>
    </span>`;return T`
      <li
        class=${Jt(u)}
        part=${o?"row row-active":"row"}
        role="option"
        aria-selected=${o?"true":"false"}
        tabindex="0"
        data-thread-id=${e.id}
        @click=${()=>{this._openMenuId=null,this._emit("thread-selected",{threadId:e.id})}}
        @keydown=${f=>{(f.key==="Enter"||f.key===" ")&&(f.preventDefault(),this._openMenuId=null,this._emit("thread-selected",{threadId:e.id}))}}
      >
        ${y!==null?T`<slot name=${y}>${_}</slot>`:_}
        <button
          class="row-menu"
          part="row-menu"
          aria-label=${`Actions for ${i}`}
          aria-haspopup="menu"
          aria-expanded=${d}
          @click=${f=>{f.stopPropagation(),this._openMenuId=d?null:e.id}}
        >
          ${wl}
        </button>
        ${d?T`<div
              class="row-menu-popover"
              part="row-menu-popover"
              role="menu"
            >
              ${e.archived?T`<button
                    class="row-menu-item"
                    part="row-unarchive"
                    role="menuitem"
                    aria-label=${`Unarchive thread ${i}`}
                    @click=${f=>{f.stopPropagation(),this._openMenuId=null,this._emit("unarchive",{threadId:e.id})}}
                  >
                    ${bl}<span>Unarchive</span>
                  </button>`:T`<button
                    class="row-menu-item"
                    part="row-archive"
                    role="menuitem"
                    aria-label=${`Archive thread ${i}`}
                    @click=${f=>{f.stopPropagation(),this._openMenuId=null,this._emit("archive",{threadId:e.id})}}
                  >
                    ${gl}<span>Archive</span>
                  </button>`}
              <button
                class="row-menu-item danger"
                part="row-delete"
                role="menuitem"
                aria-label=${`Delete thread ${i}`}
                @click=${f=>{f.stopPropagation(),this._openMenuId=null,this._confirmingDeleteId=e.id}}
              >
                ${yl}<span>Delete</span>
              </button>
            </div>`:P}
      </li>
    `}_renderFetchMore(){return Kt(this.fetchMoreError)?T`
        <div class="fetch-more-error" part="fetch-more-error" role="alert">
          Couldn't load more —
          <button
            class="row-action"
            part="fetch-more-retry"
            @click=${()=>this._emit("retry",{scope:"fetch-more"})}
          >
            retry
          </button>
        </div>
      `:this.fetchingMore?T`
        <div class="state" part="fetching-more" aria-busy="true">Loading more…</div>
      `:this.hasMore?T`
        <button
          class="load-more"
          part="load-more"
          @click=${()=>this._emit("load-more",{})}
        >
          Load more
        </button>
      `:P}_renderMemories(){return T`
      <div class="memories" part="memories" ?hidden=${!this._hasMemories}>
        <slot
          name="memories"
          @slotchange=${e=>{this._hasMemories=e.target.assignedElements().length>0}}
        ></slot>
      </div>
    `}_renderFooter(){return T`
      <div class="footer" part="footer" ?hidden=${!this._hasFooter}>
        <slot
          name="footer"
          @slotchange=${e=>{this._hasFooter=e.target.assignedElements().length>0}}
        ></slot>
      </div>
    `}_renderConfirmDialog(){const e=this._confirmingDeleteId;return T`
      <dialog
        class="dialog"
        part="confirm-dialog"
        role="alertdialog"
        aria-label="Confirm delete"
        data-testid="drawer-confirm-delete"
        @cancel=${t=>{t.preventDefault(),this._confirmingDeleteId=null}}
        @click=${t=>{t.target===t.currentTarget&&(this._confirmingDeleteId=null)}}
      >
        ${e!==null?T`
                <p>Delete this thread? This cannot be undone.</p>
                <div class="dialog-actions">
                  <button
                    class="row-action"
                    part="confirm-cancel"
                    @click=${()=>this._confirmingDeleteId=null}
                  >
                    Cancel
                  </button>
                  <button
                    class="primary"
                    part="confirm-delete"
                    @click=${()=>{this._confirmingDeleteId=null,this._emit("delete",{threadId:e})}}
                  >
                    Delete
                  </button>
                </div>
              `:P}
      </dialog>
    `}},Ne.styles=ll,Ne.properties={threads:{attribute:!1},loading:{type:Boolean},error:{type:String},activeThreadId:{attribute:"active-thread-id",type:String},licensed:{type:Boolean},licenseUrl:{attribute:"license-url",type:String},hasMore:{attribute:"has-more",type:Boolean},fetchingMore:{attribute:"fetching-more",type:Boolean},fetchMoreError:{attribute:"fetch-more-error",type:String},label:{type:String},recentLabel:{attribute:"recent-label",type:String},collapsible:{type:Boolean},open:{type:Boolean,reflect:!0},collapsed:{type:Boolean,reflect:!0},_filter:{state:!0},_confirmingDeleteId:{state:!0},_viewportIsMobile:{state:!0},_hasHeader:{state:!0},_hasMemories:{state:!0},_hasFooter:{state:!0},_filterOpen:{state:!0},_openMenuId:{state:!0}};function ro(s){const e="'self' 'wasm-unsafe-eval' 'unsafe-inline' 'unsafe-eval' blob: data: http://localhost:* https://localhost:*",t="* blob: data: http://localhost:* https://localhost:*",n=s?.length?" "+s.join(" "):"";return`<!doctype html>
<html>
<head>
<meta charset="utf-8" />
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; img-src * data: blob: 'unsafe-inline'; media-src * blob: data:; font-src * blob: data:; script-src ${e+n}; style-src * blob: data: 'unsafe-inline'; connect-src *; frame-src ${t+n}; base-uri 'self';" />
<style>html,body{margin:0;padding:0;height:100%;width:100%;overflow:hidden}*{box-sizing:border-box}iframe{background-color:transparent;border:none;padding:0;overflow:hidden;width:100%;height:100%}</style>
</head>
<body>
<script>
if(window.self===window.top){throw new Error("This file must be used in an iframe.")}
const inner=document.createElement("iframe");
inner.style="width:100%;height:100%;border:none;";
inner.setAttribute("sandbox","allow-scripts allow-same-origin allow-forms");
document.body.appendChild(inner);
window.addEventListener("message",async(event)=>{
if(event.source===window.parent){
if(event.data&&event.data.method==="ui/notifications/sandbox-resource-ready"){
const{html,sandbox}=event.data.params;
if(typeof sandbox==="string")inner.setAttribute("sandbox",sandbox);
if(typeof html==="string")inner.srcdoc=html;
}else if(inner&&inner.contentWindow){
inner.contentWindow.postMessage(event.data,"*");
}
}else if(event.source===inner.contentWindow){
window.parent.postMessage(event.data,"*");
}
});
window.parent.postMessage({jsonrpc:"2.0",method:"ui/notifications/sandbox-proxy-ready",params:{}},"*");
<\/script>
</body>
</html>`}var io=class{constructor(){this.queues=new Map,this.processing=new Map}async enqueue(s,e){const t=s.threadId||"default";return new Promise((n,o)=>{let r=this.queues.get(t);r||(r=[],this.queues.set(t,r)),r.push({execute:e,resolve:n,reject:o}),this.processQueue(t,s)})}async processQueue(s,e){if(!this.processing.get(s)){this.processing.set(s,!0);try{const t=this.queues.get(s);if(!t)return;for(;t.length>0;){const n=t[0];try{await this.waitForAgentIdle(e);const o=await n.execute();n.resolve(o)}catch(o){n.reject(o instanceof Error?o:new Error(String(o)))}t.shift()}}finally{const t=this.queues.get(s);!t||t.length===0?(this.queues.delete(s),this.processing.delete(s)):this.processing.set(s,!1)}}}waitForAgentIdle(s){return new Promise(e=>{if(!s.isRunning){e();return}let t=!1;const n=()=>{t||(t=!0,clearInterval(r),o.unsubscribe(),e())},o=s.subscribe({onRunFinalized:n,onRunFailed:n}),r=setInterval(()=>{s.isRunning||n()},500)})}};const St=new io,Ie="io.modelcontextprotocol/related-task",Ht="2.0",Z=Ho(s=>s!==null&&(typeof s=="object"||typeof s=="function")),ao=E([c(),$().int()]),lo=c();le({ttl:$().optional(),pollInterval:$().optional()});const xl=h({ttl:$().optional()}),_l=h({taskId:c()}),gs=le({progressToken:ao.optional(),[Ie]:_l.optional()}),ce=h({_meta:gs.optional()}),dt=ce.extend({task:xl.optional()}),Sl=s=>dt.safeParse(s).success,te=h({method:c(),params:ce.loose().optional()}),pe=h({_meta:gs.optional()}),me=h({method:c(),params:pe.loose().optional()}),se=le({_meta:gs.optional()}),ht=E([c(),$().int()]),co=h({jsonrpc:l(Ht),id:ht,...te.shape}).strict(),ln=s=>co.safeParse(s).success,ho=h({jsonrpc:l(Ht),...me.shape}).strict(),kl=s=>ho.safeParse(s).success,bs=h({jsonrpc:l(Ht),id:ht,result:se}).strict(),vt=s=>bs.safeParse(s).success;var N;(function(s){s[s.ConnectionClosed=-32e3]="ConnectionClosed",s[s.RequestTimeout=-32001]="RequestTimeout",s[s.ParseError=-32700]="ParseError",s[s.InvalidRequest=-32600]="InvalidRequest",s[s.MethodNotFound=-32601]="MethodNotFound",s[s.InvalidParams=-32602]="InvalidParams",s[s.InternalError=-32603]="InternalError",s[s.UrlElicitationRequired=-32042]="UrlElicitationRequired"})(N||(N={}));const ys=h({jsonrpc:l(Ht),id:ht.optional(),error:h({code:$().int(),message:c(),data:z().optional()})}).strict(),Cl=s=>ys.safeParse(s).success,Al=E([co,ho,bs,ys]);E([bs,ys]);const uo=se.strict(),$l=pe.extend({requestId:ht.optional(),reason:c().optional()}),vs=me.extend({method:l("notifications/cancelled"),params:$l}),Tl=h({src:c(),mimeType:c().optional(),sizes:A(c()).optional(),theme:ue(["light","dark"]).optional()}),ut=h({icons:A(Tl).optional()}),Fe=h({name:c(),title:c().optional()}),Ut=Fe.extend({...Fe.shape,...ut.shape,version:c(),websiteUrl:c().optional(),description:c().optional()}),Rl=gn(h({applyDefaults:O().optional()}),M(c(),z())),Il=bn(s=>s&&typeof s=="object"&&!Array.isArray(s)&&Object.keys(s).length===0?{form:{}}:s,gn(h({form:Rl.optional(),url:Z.optional()}),M(c(),z()).optional())),El=le({list:Z.optional(),cancel:Z.optional(),requests:le({sampling:le({createMessage:Z.optional()}).optional(),elicitation:le({create:Z.optional()}).optional()}).optional()}),Ml=le({list:Z.optional(),cancel:Z.optional(),requests:le({tools:le({call:Z.optional()}).optional()}).optional()}),Pl=h({experimental:M(c(),Z).optional(),sampling:h({context:Z.optional(),tools:Z.optional()}).optional(),elicitation:Il.optional(),roots:h({listChanged:O().optional()}).optional(),tasks:El.optional(),extensions:M(c(),Z).optional()}),Nl=ce.extend({protocolVersion:c(),capabilities:Pl,clientInfo:Ut}),jl=te.extend({method:l("initialize"),params:Nl}),ql=h({experimental:M(c(),Z).optional(),logging:Z.optional(),completions:Z.optional(),prompts:h({listChanged:O().optional()}).optional(),resources:h({subscribe:O().optional(),listChanged:O().optional()}).optional(),tools:h({listChanged:O().optional()}).optional(),tasks:Ml.optional(),extensions:M(c(),Z).optional()}),Dl=se.extend({protocolVersion:c(),capabilities:ql,serverInfo:Ut,instructions:c().optional()}),Ol=me.extend({method:l("notifications/initialized"),params:pe.optional()}),Ft=te.extend({method:l("ping"),params:ce.optional()}),Ll=h({progress:$(),total:K($()),message:K(c())}),Hl=h({...pe.shape,...Ll.shape,progressToken:ao}),ws=me.extend({method:l("notifications/progress"),params:Hl}),Ul=ce.extend({cursor:lo.optional()}),pt=te.extend({params:Ul.optional()}),mt=se.extend({nextCursor:lo.optional()}),Fl=ue(["working","input_required","completed","failed","cancelled"]),ft=h({taskId:c(),status:Fl,ttl:E([$(),Uo()]),createdAt:c(),lastUpdatedAt:c(),pollInterval:K($()),statusMessage:K(c())}),xs=se.extend({task:ft}),zl=pe.merge(ft),Tt=me.extend({method:l("notifications/tasks/status"),params:zl}),_s=te.extend({method:l("tasks/get"),params:ce.extend({taskId:c()})}),Ss=se.merge(ft),ks=te.extend({method:l("tasks/result"),params:ce.extend({taskId:c()})});se.loose();const Cs=pt.extend({method:l("tasks/list")}),As=mt.extend({tasks:A(ft)}),$s=te.extend({method:l("tasks/cancel"),params:ce.extend({taskId:c()})}),Bl=se.merge(ft),po=h({uri:c(),mimeType:K(c()),_meta:M(c(),z()).optional()}),mo=po.extend({text:c()}),Ts=c().refine(s=>{try{return atob(s),!0}catch{return!1}},{message:"Invalid Base64 string"}),fo=po.extend({blob:Ts}),gt=ue(["user","assistant"]),Je=h({audience:A(gt).optional(),priority:$().min(0).max(1).optional(),lastModified:Fo({offset:!0}).optional()}),go=h({...Fe.shape,...ut.shape,uri:c(),description:K(c()),mimeType:K(c()),size:K($()),annotations:Je.optional(),_meta:K(le({}))}),Vl=h({...Fe.shape,...ut.shape,uriTemplate:c(),description:K(c()),mimeType:K(c()),annotations:Je.optional(),_meta:K(le({}))}),bo=pt.extend({method:l("resources/list")}),yo=mt.extend({resources:A(go)}),vo=pt.extend({method:l("resources/templates/list")}),wo=mt.extend({resourceTemplates:A(Vl)}),Rs=ce.extend({uri:c()}),Wl=Rs,xo=te.extend({method:l("resources/read"),params:Wl}),_o=se.extend({contents:A(E([mo,fo]))}),So=me.extend({method:l("notifications/resources/list_changed"),params:pe.optional()}),Jl=Rs,Kl=te.extend({method:l("resources/subscribe"),params:Jl}),Ql=Rs,Zl=te.extend({method:l("resources/unsubscribe"),params:Ql}),Gl=pe.extend({uri:c()}),Yl=me.extend({method:l("notifications/resources/updated"),params:Gl}),Xl=h({name:c(),description:K(c()),required:K(O())}),ec=h({...Fe.shape,...ut.shape,description:K(c()),arguments:K(A(Xl)),_meta:K(le({}))}),ko=pt.extend({method:l("prompts/list")}),Co=mt.extend({prompts:A(ec)}),tc=ce.extend({name:c(),arguments:M(c(),c()).optional()}),sc=te.extend({method:l("prompts/get"),params:tc}),Is=h({type:l("text"),text:c(),annotations:Je.optional(),_meta:M(c(),z()).optional()}),Es=h({type:l("image"),data:Ts,mimeType:c(),annotations:Je.optional(),_meta:M(c(),z()).optional()}),Ms=h({type:l("audio"),data:Ts,mimeType:c(),annotations:Je.optional(),_meta:M(c(),z()).optional()}),nc=h({type:l("tool_use"),name:c(),id:c(),input:M(c(),z()),_meta:M(c(),z()).optional()}),Ao=h({type:l("resource"),resource:E([mo,fo]),annotations:Je.optional(),_meta:M(c(),z()).optional()}),$o=go.extend({type:l("resource_link")}),bt=E([Is,Es,Ms,$o,Ao]),oc=h({role:gt,content:bt}),rc=se.extend({description:c().optional(),messages:A(oc)}),To=me.extend({method:l("notifications/prompts/list_changed"),params:pe.optional()}),ic=h({title:c().optional(),readOnlyHint:O().optional(),destructiveHint:O().optional(),idempotentHint:O().optional(),openWorldHint:O().optional()}),ac=h({taskSupport:ue(["required","optional","forbidden"]).optional()}),Ps=h({...Fe.shape,...ut.shape,description:c().optional(),inputSchema:h({type:l("object"),properties:M(c(),Z).optional(),required:A(c()).optional()}).catchall(z()),outputSchema:h({type:l("object"),properties:M(c(),Z).optional(),required:A(c()).optional()}).catchall(z()).optional(),annotations:ic.optional(),execution:ac.optional(),_meta:M(c(),z()).optional()}),lc=pt.extend({method:l("tools/list")}),Ro=mt.extend({tools:A(Ps)}),rt=se.extend({content:A(bt).default([]),structuredContent:M(c(),z()).optional(),isError:O().optional()});rt.or(se.extend({toolResult:z()}));const cc=dt.extend({name:c(),arguments:M(c(),z()).optional()}),Io=te.extend({method:l("tools/call"),params:cc}),Eo=me.extend({method:l("notifications/tools/list_changed"),params:pe.optional()});h({autoRefresh:O().default(!0),debounceMs:$().int().nonnegative().default(300)});const Mo=ue(["debug","info","notice","warning","error","critical","alert","emergency"]),dc=ce.extend({level:Mo}),hc=te.extend({method:l("logging/setLevel"),params:dc}),uc=pe.extend({level:Mo,logger:c().optional(),data:z()}),Po=me.extend({method:l("notifications/message"),params:uc}),pc=h({name:c().optional()}),mc=h({hints:A(pc).optional(),costPriority:$().min(0).max(1).optional(),speedPriority:$().min(0).max(1).optional(),intelligencePriority:$().min(0).max(1).optional()}),fc=h({mode:ue(["auto","required","none"]).optional()}),gc=h({type:l("tool_result"),toolUseId:c().describe("The unique identifier for the corresponding tool call."),content:A(bt).default([]),structuredContent:h({}).loose().optional(),isError:O().optional(),_meta:M(c(),z()).optional()}),bc=yn("type",[Is,Es,Ms]),Rt=yn("type",[Is,Es,Ms,nc,gc]),yc=h({role:gt,content:E([Rt,A(Rt)]),_meta:M(c(),z()).optional()}),vc=dt.extend({messages:A(yc),modelPreferences:mc.optional(),systemPrompt:c().optional(),includeContext:ue(["none","thisServer","allServers"]).optional(),temperature:$().optional(),maxTokens:$().int(),stopSequences:A(c()).optional(),metadata:Z.optional(),tools:A(Ps).optional(),toolChoice:fc.optional()}),No=te.extend({method:l("sampling/createMessage"),params:vc}),wc=se.extend({model:c(),stopReason:K(ue(["endTurn","stopSequence","maxTokens"]).or(c())),role:gt,content:bc}),xc=se.extend({model:c(),stopReason:K(ue(["endTurn","stopSequence","maxTokens","toolUse"]).or(c())),role:gt,content:E([Rt,A(Rt)])}),_c=h({type:l("boolean"),title:c().optional(),description:c().optional(),default:O().optional()}),Sc=h({type:l("string"),title:c().optional(),description:c().optional(),minLength:$().optional(),maxLength:$().optional(),format:ue(["email","uri","date","date-time"]).optional(),default:c().optional()}),kc=h({type:ue(["number","integer"]),title:c().optional(),description:c().optional(),minimum:$().optional(),maximum:$().optional(),default:$().optional()}),Cc=h({type:l("string"),title:c().optional(),description:c().optional(),enum:A(c()),default:c().optional()}),Ac=h({type:l("string"),title:c().optional(),description:c().optional(),oneOf:A(h({const:c(),title:c()})),default:c().optional()}),$c=h({type:l("string"),title:c().optional(),description:c().optional(),enum:A(c()),enumNames:A(c()).optional(),default:c().optional()}),Tc=E([Cc,Ac]),Rc=h({type:l("array"),title:c().optional(),description:c().optional(),minItems:$().optional(),maxItems:$().optional(),items:h({type:l("string"),enum:A(c())}),default:A(c()).optional()}),Ic=h({type:l("array"),title:c().optional(),description:c().optional(),minItems:$().optional(),maxItems:$().optional(),items:h({anyOf:A(h({const:c(),title:c()}))}),default:A(c()).optional()}),Ec=E([Rc,Ic]),Mc=E([$c,Tc,Ec]),Pc=E([Mc,_c,Sc,kc]),Nc=dt.extend({mode:l("form").optional(),message:c(),requestedSchema:h({type:l("object"),properties:M(c(),Pc),required:A(c()).optional()})}),jc=dt.extend({mode:l("url"),message:c(),elicitationId:c(),url:c().url()}),qc=E([Nc,jc]),Dc=te.extend({method:l("elicitation/create"),params:qc}),Oc=pe.extend({elicitationId:c()}),Lc=me.extend({method:l("notifications/elicitation/complete"),params:Oc}),Hc=se.extend({action:ue(["accept","decline","cancel"]),content:bn(s=>s===null?void 0:s,M(c(),E([c(),$(),O(),A(c())])).optional())}),Uc=h({type:l("ref/resource"),uri:c()}),Fc=h({type:l("ref/prompt"),name:c()}),zc=ce.extend({ref:E([Fc,Uc]),argument:h({name:c(),value:c()}),context:h({arguments:M(c(),c()).optional()}).optional()}),Bc=te.extend({method:l("completion/complete"),params:zc}),Vc=se.extend({completion:le({values:A(c()).max(100),total:K($().int()),hasMore:K(O())})}),Wc=h({uri:c().startsWith("file://"),name:c().optional(),_meta:M(c(),z()).optional()}),Jc=te.extend({method:l("roots/list"),params:ce.optional()}),Kc=se.extend({roots:A(Wc)}),Qc=me.extend({method:l("notifications/roots/list_changed"),params:pe.optional()});E([Ft,jl,Bc,hc,sc,ko,bo,vo,xo,Kl,Zl,Io,lc,_s,ks,Cs,$s]);E([vs,ws,Ol,Qc,Tt]);E([uo,wc,xc,Hc,Kc,Ss,As,xs]);E([Ft,No,Dc,Jc,_s,ks,Cs,$s]);E([vs,ws,Po,Yl,So,Eo,To,Tt,Lc]);E([uo,Dl,Vc,rc,Co,yo,wo,_o,rt,Ro,Ss,As,xs]);class R extends Error{constructor(e,t,n){super(`MCP error ${e}: ${t}`),this.code=e,this.data=n,this.name="McpError"}static fromError(e,t,n){if(e===N.UrlElicitationRequired&&n){const o=n;if(o.elicitations)return new Zc(o.elicitations,t)}return new R(e,t,n)}}class Zc extends R{constructor(e,t=`URL elicitation${e.length>1?"s":""} required`){super(N.UrlElicitationRequired,t,{elicitations:e})}get elicitations(){return this.data?.elicitations??[]}}function Ns(s){return!!s._zod}function jo(s,e){return Ns(s)?zo(s,e):s.safeParse(e)}function Gc(s){if(!s)return;let e;if(Ns(s)?e=s._zod?.def?.shape:e=s.shape,!!e){if(typeof e=="function")try{return e()}catch{return}return e}}function Yc(s){if(Ns(s)){const r=s._zod?.def;if(r){if(r.value!==void 0)return r.value;if(Array.isArray(r.values)&&r.values.length>0)return r.values[0]}}const t=s._def;if(t){if(t.value!==void 0)return t.value;if(Array.isArray(t.values)&&t.values.length>0)return t.values[0]}const n=s.value;if(n!==void 0)return n}function Re(s){return s==="completed"||s==="failed"||s==="cancelled"}function cn(s){const t=Gc(s)?.method;if(!t)throw new Error("Schema is missing a method literal");const n=Yc(t);if(typeof n!="string")throw new Error("Schema method literal must be a string");return n}function dn(s,e){const t=jo(s,e);if(!t.success)throw t.error;return t.data}const Xc=6e4;class ed{constructor(e){this._options=e,this._requestMessageId=0,this._requestHandlers=new Map,this._requestHandlerAbortControllers=new Map,this._notificationHandlers=new Map,this._responseHandlers=new Map,this._progressHandlers=new Map,this._timeoutInfo=new Map,this._pendingDebouncedNotifications=new Set,this._taskProgressTokens=new Map,this._requestResolvers=new Map,this.setNotificationHandler(vs,t=>{this._oncancel(t)}),this.setNotificationHandler(ws,t=>{this._onprogress(t)}),this.setRequestHandler(Ft,t=>({})),this._taskStore=e?.taskStore,this._taskMessageQueue=e?.taskMessageQueue,this._taskStore&&(this.setRequestHandler(_s,async(t,n)=>{const o=await this._taskStore.getTask(t.params.taskId,n.sessionId);if(!o)throw new R(N.InvalidParams,"Failed to retrieve task: Task not found");return{...o}}),this.setRequestHandler(ks,async(t,n)=>{const o=async()=>{const r=t.params.taskId;if(!await this._taskStore.getTask(r,n.sessionId))throw new R(N.InvalidParams,`Task not found: ${r}`);if(this._taskMessageQueue){let a;for(;a=await this._taskMessageQueue.dequeue(r,n.sessionId);){if(a.type==="response"||a.type==="error"){const d=a.message,g=d.id,u=this._requestResolvers.get(g);if(u)if(this._requestResolvers.delete(g),a.type==="response")u(d);else{const p=d,y=new R(p.error.code,p.error.message,p.error.data);u(y)}else{const p=a.type==="response"?"Response":"Error";this._onerror(new Error(`${p} handler missing for request ${g}`))}continue}await this._transport?.send(a.message,{relatedRequestId:n.requestId})}}const i=await this._taskStore.getTask(r,n.sessionId);if(!i)throw new R(N.InvalidParams,`Task not found: ${r}`);if(!Re(i.status))return await this._waitForTaskUpdate(r,n.signal,n.sessionId),await o();if(Re(i.status)){const a=await this._taskStore.getTaskResult(r,n.sessionId);return this._clearTaskQueue(r,n.sessionId),{...a,_meta:{...a._meta,[Ie]:{taskId:r}}}}return await o()};return await o()}),this.setRequestHandler(Cs,async(t,n)=>{try{const{tasks:o,nextCursor:r}=await this._taskStore.listTasks(t.params?.cursor,n.sessionId);return{tasks:o,nextCursor:r,_meta:{}}}catch(o){throw new R(N.InvalidParams,`Failed to list tasks: ${o instanceof Error?o.message:String(o)}`)}}),this.setRequestHandler($s,async(t,n)=>{try{const o=await this._taskStore.getTask(t.params.taskId,n.sessionId);if(!o)throw new R(N.InvalidParams,`Task not found: ${t.params.taskId}`);if(Re(o.status))throw new R(N.InvalidParams,`Cannot cancel task in terminal status: ${o.status}`);await this._taskStore.updateTaskStatus(t.params.taskId,"cancelled","Client cancelled task execution.",n.sessionId),this._clearTaskQueue(t.params.taskId,n.sessionId);const r=await this._taskStore.getTask(t.params.taskId,n.sessionId);if(!r)throw new R(N.InvalidParams,`Task not found after cancellation: ${t.params.taskId}`);return{_meta:{},...r}}catch(o){throw o instanceof R?o:new R(N.InvalidRequest,`Failed to cancel task: ${o instanceof Error?o.message:String(o)}`)}}))}async _oncancel(e){if(!e.params.requestId)return;this._requestHandlerAbortControllers.get(e.params.requestId)?.abort(e.params.reason)}_setupTimeout(e,t,n,o,r=!1){this._timeoutInfo.set(e,{timeoutId:setTimeout(o,t),startTime:Date.now(),timeout:t,maxTotalTimeout:n,resetTimeoutOnProgress:r,onTimeout:o})}_resetTimeout(e){const t=this._timeoutInfo.get(e);if(!t)return!1;const n=Date.now()-t.startTime;if(t.maxTotalTimeout&&n>=t.maxTotalTimeout)throw this._timeoutInfo.delete(e),R.fromError(N.RequestTimeout,"Maximum total timeout exceeded",{maxTotalTimeout:t.maxTotalTimeout,totalElapsed:n});return clearTimeout(t.timeoutId),t.timeoutId=setTimeout(t.onTimeout,t.timeout),!0}_cleanupTimeout(e){const t=this._timeoutInfo.get(e);t&&(clearTimeout(t.timeoutId),this._timeoutInfo.delete(e))}async connect(e){if(this._transport)throw new Error("Already connected to a transport. Call close() before connecting to a new transport, or use a separate Protocol instance per connection.");this._transport=e;const t=this.transport?.onclose;this._transport.onclose=()=>{t?.(),this._onclose()};const n=this.transport?.onerror;this._transport.onerror=r=>{n?.(r),this._onerror(r)};const o=this._transport?.onmessage;this._transport.onmessage=(r,i)=>{o?.(r,i),vt(r)||Cl(r)?this._onresponse(r):ln(r)?this._onrequest(r,i):kl(r)?this._onnotification(r):this._onerror(new Error(`Unknown message type: ${JSON.stringify(r)}`))},await this._transport.start()}_onclose(){const e=this._responseHandlers;this._responseHandlers=new Map,this._progressHandlers.clear(),this._taskProgressTokens.clear(),this._pendingDebouncedNotifications.clear();for(const n of this._timeoutInfo.values())clearTimeout(n.timeoutId);this._timeoutInfo.clear();for(const n of this._requestHandlerAbortControllers.values())n.abort();this._requestHandlerAbortControllers.clear();const t=R.fromError(N.ConnectionClosed,"Connection closed");this._transport=void 0,this.onclose?.();for(const n of e.values())n(t)}_onerror(e){this.onerror?.(e)}_onnotification(e){const t=this._notificationHandlers.get(e.method)??this.fallbackNotificationHandler;t!==void 0&&Promise.resolve().then(()=>t(e)).catch(n=>this._onerror(new Error(`Uncaught error in notification handler: ${n}`)))}_onrequest(e,t){const n=this._requestHandlers.get(e.method)??this.fallbackRequestHandler,o=this._transport,r=e.params?._meta?.[Ie]?.taskId,i=o?.sessionId,a=this._taskStore;let d=!0,g;if(r&&a&&this._taskMessageQueue&&i!==void 0&&(d=!1,g=(async()=>{if(!await a.getTask(r,i))throw new R(N.InvalidParams,`Task not found: ${r}`);d=!0})()),n===void 0){const f={jsonrpc:"2.0",id:e.id,error:{code:N.MethodNotFound,message:"Method not found"}};if(r&&g){const S={type:"error",message:f,timestamp:Date.now()};g.then(()=>this._enqueueTaskMessage(r,S,i),()=>o?.send(f)).catch(X=>this._onerror(new Error(`Failed to send an error response: ${X}`)))}else r&&this._taskMessageQueue?this._enqueueTaskMessage(r,{type:"error",message:f,timestamp:Date.now()},o?.sessionId).catch(S=>this._onerror(new Error(`Failed to enqueue error response: ${S}`))):o?.send(f).catch(S=>this._onerror(new Error(`Failed to send an error response: ${S}`)));return}const u=new AbortController;this._requestHandlerAbortControllers.set(e.id,u);const p=Sl(e.params)?e.params.task:void 0,y=this._taskStore?this.requestTaskStore(e,o?.sessionId):void 0,_={signal:u.signal,sessionId:o?.sessionId,_meta:e.params?._meta,sendNotification:async f=>{if(u.signal.aborted)return;const S={relatedRequestId:e.id};r&&(S.relatedTask={taskId:r}),await this.notification(f,S)},sendRequest:async(f,S,X)=>{if(u.signal.aborted)throw new R(N.ConnectionClosed,"Request was cancelled");const G={...X,relatedRequestId:e.id};r&&!G.relatedTask&&(G.relatedTask={taskId:r});const D=G.relatedTask?.taskId??r;return D&&y&&await y.updateTaskStatus(D,"input_required"),await this.request(f,S,G)},authInfo:t?.authInfo,requestId:e.id,requestInfo:t?.requestInfo,taskId:r,taskStore:y,taskRequestedTtl:p?.ttl,closeSSEStream:t?.closeSSEStream,closeStandaloneSSEStream:t?.closeStandaloneSSEStream};(g??Promise.resolve()).then(()=>{if(g&&u.signal.aborted)throw new R(N.ConnectionClosed,"Request was cancelled");p&&this.assertTaskHandlerCapability(e.method)}).then(()=>n(e,_)).then(async f=>{if(u.signal.aborted)return;const S={result:f,jsonrpc:"2.0",id:e.id};r&&this._taskMessageQueue?await this._enqueueTaskMessage(r,{type:"response",message:S,timestamp:Date.now()},o?.sessionId):await o?.send(S)},async f=>{if(u.signal.aborted)return;const S={jsonrpc:"2.0",id:e.id,error:{code:Number.isSafeInteger(f.code)?f.code:N.InternalError,message:f.message??"Internal error",...f.data!==void 0&&{data:f.data}}};r&&this._taskMessageQueue&&d?await this._enqueueTaskMessage(r,{type:"error",message:S,timestamp:Date.now()},o?.sessionId):await o?.send(S)}).catch(f=>this._onerror(new Error(`Failed to send response: ${f}`))).finally(()=>{this._requestHandlerAbortControllers.get(e.id)===u&&this._requestHandlerAbortControllers.delete(e.id)})}_onprogress(e){const{progressToken:t,...n}=e.params,o=Number(t),r=this._progressHandlers.get(o);if(!r){this._onerror(new Error(`Received a progress notification for an unknown token: ${JSON.stringify(e)}`));return}const i=this._responseHandlers.get(o),a=this._timeoutInfo.get(o);if(a&&i&&a.resetTimeoutOnProgress)try{this._resetTimeout(o)}catch(d){this._responseHandlers.delete(o),this._progressHandlers.delete(o),this._cleanupTimeout(o),i(d);return}r(n)}_onresponse(e){const t=Number(e.id),n=this._requestResolvers.get(t);if(n){if(this._requestResolvers.delete(t),vt(e))n(e);else{const i=new R(e.error.code,e.error.message,e.error.data);n(i)}return}const o=this._responseHandlers.get(t);if(o===void 0){this._onerror(new Error(`Received a response for an unknown message ID: ${JSON.stringify(e)}`));return}this._responseHandlers.delete(t),this._cleanupTimeout(t);let r=!1;if(vt(e)&&e.result&&typeof e.result=="object"){const i=e.result;if(i.task&&typeof i.task=="object"){const a=i.task;typeof a.taskId=="string"&&(r=!0,this._taskProgressTokens.set(a.taskId,t))}}if(r||this._progressHandlers.delete(t),vt(e))o(e);else{const i=R.fromError(e.error.code,e.error.message,e.error.data);o(i)}}get transport(){return this._transport}async close(){await this._transport?.close()}async*requestStream(e,t,n){const{task:o}=n??{};if(!o){try{yield{type:"result",result:await this.request(e,t,n)}}catch(i){yield{type:"error",error:i instanceof R?i:new R(N.InternalError,String(i))}}return}let r;try{const i=await this.request(e,xs,n);if(i.task)r=i.task.taskId,yield{type:"taskCreated",task:i.task};else throw new R(N.InternalError,"Task creation did not return a task");for(;;){const a=await this.getTask({taskId:r},n);if(yield{type:"taskStatus",task:a},Re(a.status)){a.status==="completed"?yield{type:"result",result:await this.getTaskResult({taskId:r},t,n)}:a.status==="failed"?yield{type:"error",error:new R(N.InternalError,`Task ${r} failed`)}:a.status==="cancelled"&&(yield{type:"error",error:new R(N.InternalError,`Task ${r} was cancelled`)});return}if(a.status==="input_required"){yield{type:"result",result:await this.getTaskResult({taskId:r},t,n)};return}const d=a.pollInterval??this._options?.defaultTaskPollInterval??1e3;await new Promise(g=>setTimeout(g,d)),n?.signal?.throwIfAborted()}}catch(i){yield{type:"error",error:i instanceof R?i:new R(N.InternalError,String(i))}}}request(e,t,n){const{relatedRequestId:o,resumptionToken:r,onresumptiontoken:i,task:a,relatedTask:d}=n??{};return new Promise((g,u)=>{const p=D=>{u(D)};if(!this._transport){p(new Error("Not connected"));return}if(this._options?.enforceStrictCapabilities===!0)try{this.assertCapabilityForMethod(e.method),a&&this.assertTaskCapability(e.method)}catch(D){p(D);return}n?.signal?.throwIfAborted();const y=this._requestMessageId++,_={...e,jsonrpc:"2.0",id:y};n?.onprogress&&(this._progressHandlers.set(y,n.onprogress),_.params={...e.params,_meta:{...e.params?._meta||{},progressToken:y}}),a&&(_.params={..._.params,task:a}),d&&(_.params={..._.params,_meta:{..._.params?._meta||{},[Ie]:d}});const f=D=>{this._responseHandlers.delete(y),this._progressHandlers.delete(y),this._cleanupTimeout(y),this._transport?.send({jsonrpc:"2.0",method:"notifications/cancelled",params:{requestId:y,reason:String(D)}},{relatedRequestId:o,resumptionToken:r,onresumptiontoken:i}).catch(V=>this._onerror(new Error(`Failed to send cancellation: ${V}`)));const H=D instanceof R?D:new R(N.RequestTimeout,String(D));u(H)};this._responseHandlers.set(y,D=>{if(!n?.signal?.aborted){if(D instanceof Error)return u(D);try{const H=jo(t,D.result);H.success?g(H.data):u(H.error)}catch(H){u(H)}}}),n?.signal?.addEventListener("abort",()=>{f(n?.signal?.reason)});const S=n?.timeout??Xc,X=()=>f(R.fromError(N.RequestTimeout,"Request timed out",{timeout:S}));this._setupTimeout(y,S,n?.maxTotalTimeout,X,n?.resetTimeoutOnProgress??!1);const G=d?.taskId;if(G){const D=H=>{const V=this._responseHandlers.get(y);V?V(H):this._onerror(new Error(`Response handler missing for side-channeled request ${y}`))};this._requestResolvers.set(y,D),this._enqueueTaskMessage(G,{type:"request",message:_,timestamp:Date.now()}).catch(H=>{this._cleanupTimeout(y),u(H)})}else this._transport.send(_,{relatedRequestId:o,resumptionToken:r,onresumptiontoken:i}).catch(D=>{this._cleanupTimeout(y),u(D)})})}async getTask(e,t){return this.request({method:"tasks/get",params:e},Ss,t)}async getTaskResult(e,t,n){return this.request({method:"tasks/result",params:e},t,n)}async listTasks(e,t){return this.request({method:"tasks/list",params:e},As,t)}async cancelTask(e,t){return this.request({method:"tasks/cancel",params:e},Bl,t)}async notification(e,t){if(!this._transport)throw new Error("Not connected");this.assertNotificationCapability(e.method);const n=t?.relatedTask?.taskId;if(n){const a={...e,jsonrpc:"2.0",params:{...e.params,_meta:{...e.params?._meta||{},[Ie]:t.relatedTask}}};await this._enqueueTaskMessage(n,{type:"notification",message:a,timestamp:Date.now()});return}if((this._options?.debouncedNotificationMethods??[]).includes(e.method)&&!e.params&&!t?.relatedRequestId&&!t?.relatedTask){if(this._pendingDebouncedNotifications.has(e.method))return;this._pendingDebouncedNotifications.add(e.method),Promise.resolve().then(()=>{if(this._pendingDebouncedNotifications.delete(e.method),!this._transport)return;let a={...e,jsonrpc:"2.0"};t?.relatedTask&&(a={...a,params:{...a.params,_meta:{...a.params?._meta||{},[Ie]:t.relatedTask}}}),this._transport?.send(a,t).catch(d=>this._onerror(d))});return}let i={...e,jsonrpc:"2.0"};t?.relatedTask&&(i={...i,params:{...i.params,_meta:{...i.params?._meta||{},[Ie]:t.relatedTask}}}),await this._transport.send(i,t)}setRequestHandler(e,t){const n=cn(e);this.assertRequestHandlerCapability(n),this._requestHandlers.set(n,(o,r)=>{const i=dn(e,o);return Promise.resolve(t(i,r))})}removeRequestHandler(e){this._requestHandlers.delete(e)}assertCanSetRequestHandler(e){if(this._requestHandlers.has(e))throw new Error(`A request handler for ${e} already exists, which would be overridden`)}setNotificationHandler(e,t){const n=cn(e);this._notificationHandlers.set(n,o=>{const r=dn(e,o);return Promise.resolve(t(r))})}removeNotificationHandler(e){this._notificationHandlers.delete(e)}_cleanupTaskProgressHandler(e){const t=this._taskProgressTokens.get(e);t!==void 0&&(this._progressHandlers.delete(t),this._taskProgressTokens.delete(e))}async _enqueueTaskMessage(e,t,n){if(!this._taskStore||!this._taskMessageQueue)throw new Error("Cannot enqueue task message: taskStore and taskMessageQueue are not configured");const o=this._options?.maxTaskQueueSize;await this._taskMessageQueue.enqueue(e,t,n??this._transport?.sessionId,o)}async _clearTaskQueue(e,t){if(this._taskMessageQueue){const n=await this._taskMessageQueue.dequeueAll(e,t);for(const o of n)if(o.type==="request"&&ln(o.message)){const r=o.message.id,i=this._requestResolvers.get(r);i?(i(new R(N.InternalError,"Task cancelled or completed")),this._requestResolvers.delete(r)):this._onerror(new Error(`Resolver missing for request ${r} during task ${e} cleanup`))}}}async _waitForTaskUpdate(e,t,n){let o=this._options?.defaultTaskPollInterval??1e3;try{const r=await this._taskStore?.getTask(e,n);r?.pollInterval&&(o=r.pollInterval)}catch{}return new Promise((r,i)=>{if(t.aborted){i(new R(N.InvalidRequest,"Request cancelled"));return}const a=setTimeout(r,o);t.addEventListener("abort",()=>{clearTimeout(a),i(new R(N.InvalidRequest,"Request cancelled"))},{once:!0})})}requestTaskStore(e,t){const n=this._taskStore;if(!n)throw new Error("No task store configured");return{createTask:async o=>{if(!e)throw new Error("No request provided");return await n.createTask(o,e.id,{method:e.method,params:e.params},t)},getTask:async o=>{const r=await n.getTask(o,t);if(!r)throw new R(N.InvalidParams,"Failed to retrieve task: Task not found");return r},storeTaskResult:async(o,r,i)=>{await n.storeTaskResult(o,r,i,t);const a=await n.getTask(o,t);if(a){const d=Tt.parse({method:"notifications/tasks/status",params:a});await this.notification(d),Re(a.status)&&this._cleanupTaskProgressHandler(o)}},getTaskResult:o=>n.getTaskResult(o,t),updateTaskStatus:async(o,r,i)=>{const a=await n.getTask(o,t);if(!a)throw new R(N.InvalidParams,`Task "${o}" not found - it may have been cleaned up`);if(Re(a.status))throw new R(N.InvalidParams,`Cannot update task "${o}" from terminal status "${a.status}" to "${r}". Terminal states (completed, failed, cancelled) cannot transition to other states.`);await n.updateTaskStatus(o,r,i,t);const d=await n.getTask(o,t);if(d){const g=Tt.parse({method:"notifications/tasks/status",params:d});await this.notification(g),Re(d.status)&&this._cleanupTaskProgressHandler(o)}},listTasks:o=>n.listTasks(o,t)}}}(s=>typeof require<"u"?require:typeof Proxy<"u"?new Proxy(s,{get:(e,t)=>(typeof require<"u"?require:e)[t]}):s)(function(s){if(typeof require<"u")return require.apply(this,arguments);throw Error('Dynamic require of "'+s+'" is not supported')});class td extends ed{_registeredMethods=new Set;_eventSlots=new Map;onEventDispatch(e,t){}_ensureEventSlot(e){let t=this._eventSlots.get(e);if(!t){let n=this.eventSchemas[e];if(!n)throw Error(`Unknown event: ${String(e)}`);t={listeners:[]},this._eventSlots.set(e,t);let o=n.shape.method.value;this._registeredMethods.add(o);let r=t;super.setNotificationHandler(n,i=>{let a=i.params;this.onEventDispatch(e,a),r.onHandler?.(a);for(let d of[...r.listeners])d(a)})}return t}setEventHandler(e,t){let n=this._ensureEventSlot(e);n.onHandler&&t&&console.warn(`[MCP Apps] on${String(e)} handler replaced. Use addEventListener("${String(e)}", …) to add multiple listeners without replacing.`),n.onHandler=t}getEventHandler(e){return this._eventSlots.get(e)?.onHandler}addEventListener(e,t){this._ensureEventSlot(e).listeners.push(t)}removeEventListener(e,t){let n=this._eventSlots.get(e);if(!n)return;let o=n.listeners.indexOf(t);o!==-1&&n.listeners.splice(o,1)}setRequestHandler=(e,t)=>{this._assertMethodNotRegistered(e,"setRequestHandler"),super.setRequestHandler(e,t)};setNotificationHandler=(e,t)=>{this._assertMethodNotRegistered(e,"setNotificationHandler"),super.setNotificationHandler(e,t)};warnIfRequestHandlerReplaced(e,t,n){t&&n&&console.warn(`[MCP Apps] ${e} handler replaced. Previous handler will no longer be called.`)}replaceRequestHandler=(e,t)=>{let n=e.shape.method.value;this._registeredMethods.add(n),super.setRequestHandler(e,t)};_assertMethodNotRegistered(e,t){let n=e.shape.method.value;if(this._registeredMethods.has(n))throw Error(`Handler for "${n}" already registered (via ${t}). Use addEventListener() to attach multiple listeners, or the on* setter for replace semantics.`);this._registeredMethods.add(n)}}var js="2026-01-26",sd="ui/notifications/tool-input-partial",nd=E([l("light"),l("dark")]).describe("Color theme preference for the host environment."),it=E([l("inline"),l("fullscreen"),l("pip")]).describe("Display mode for UI presentation."),od=E([l("--color-background-primary"),l("--color-background-secondary"),l("--color-background-tertiary"),l("--color-background-inverse"),l("--color-background-ghost"),l("--color-background-info"),l("--color-background-danger"),l("--color-background-success"),l("--color-background-warning"),l("--color-background-disabled"),l("--color-text-primary"),l("--color-text-secondary"),l("--color-text-tertiary"),l("--color-text-inverse"),l("--color-text-ghost"),l("--color-text-info"),l("--color-text-danger"),l("--color-text-success"),l("--color-text-warning"),l("--color-text-disabled"),l("--color-border-primary"),l("--color-border-secondary"),l("--color-border-tertiary"),l("--color-border-inverse"),l("--color-border-ghost"),l("--color-border-info"),l("--color-border-danger"),l("--color-border-success"),l("--color-border-warning"),l("--color-border-disabled"),l("--color-ring-primary"),l("--color-ring-secondary"),l("--color-ring-inverse"),l("--color-ring-info"),l("--color-ring-danger"),l("--color-ring-success"),l("--color-ring-warning"),l("--font-sans"),l("--font-mono"),l("--font-weight-normal"),l("--font-weight-medium"),l("--font-weight-semibold"),l("--font-weight-bold"),l("--font-text-xs-size"),l("--font-text-sm-size"),l("--font-text-md-size"),l("--font-text-lg-size"),l("--font-heading-xs-size"),l("--font-heading-sm-size"),l("--font-heading-md-size"),l("--font-heading-lg-size"),l("--font-heading-xl-size"),l("--font-heading-2xl-size"),l("--font-heading-3xl-size"),l("--font-text-xs-line-height"),l("--font-text-sm-line-height"),l("--font-text-md-line-height"),l("--font-text-lg-line-height"),l("--font-heading-xs-line-height"),l("--font-heading-sm-line-height"),l("--font-heading-md-line-height"),l("--font-heading-lg-line-height"),l("--font-heading-xl-line-height"),l("--font-heading-2xl-line-height"),l("--font-heading-3xl-line-height"),l("--border-radius-xs"),l("--border-radius-sm"),l("--border-radius-md"),l("--border-radius-lg"),l("--border-radius-xl"),l("--border-radius-full"),l("--border-width-regular"),l("--shadow-hairline"),l("--shadow-sm"),l("--shadow-md"),l("--shadow-lg")]).describe("CSS variable keys available to MCP apps for theming."),rd=M(od.describe(`Style variables for theming MCP apps.

Individual style keys are optional - hosts may provide any subset of these values.
Values are strings containing CSS values (colors, sizes, font stacks, etc.).

Note: This type uses \`Record<K, string | undefined>\` rather than \`Partial<Record<K, string>>\`
for compatibility with Zod schema generation. Both are functionally equivalent for validation.`),E([c(),Gt()]).describe(`Style variables for theming MCP apps.

Individual style keys are optional - hosts may provide any subset of these values.
Values are strings containing CSS values (colors, sizes, font stacks, etc.).

Note: This type uses \`Record<K, string | undefined>\` rather than \`Partial<Record<K, string>>\`
for compatibility with Zod schema generation. Both are functionally equivalent for validation.`)).describe(`Style variables for theming MCP apps.

Individual style keys are optional - hosts may provide any subset of these values.
Values are strings containing CSS values (colors, sizes, font stacks, etc.).

Note: This type uses \`Record<K, string | undefined>\` rather than \`Partial<Record<K, string>>\`
for compatibility with Zod schema generation. Both are functionally equivalent for validation.`),id=h({method:l("ui/open-link"),params:h({url:c().describe("URL to open in the host's browser")})});h({isError:O().optional().describe("True if the host failed to open the URL (e.g., due to security policy).")}).passthrough();h({isError:O().optional().describe("True if the download failed (e.g., user cancelled or host denied).")}).passthrough();h({isError:O().optional().describe("True if the host rejected or failed to deliver the message.")}).passthrough();var ad=h({method:l("ui/notifications/sandbox-proxy-ready"),params:h({})}),qs=h({connectDomains:A(c()).optional().describe(`Origins for network requests (fetch/XHR/WebSocket).

- Maps to CSP \`connect-src\` directive
- Empty or omitted → no network connections (secure default)`),resourceDomains:A(c()).optional().describe("Origins for static resources (images, scripts, stylesheets, fonts, media).\n\n- Maps to CSP `img-src`, `script-src`, `style-src`, `font-src`, `media-src` directives\n- Wildcard subdomains supported: `https://*.example.com`\n- Empty or omitted → no network resources (secure default)"),frameDomains:A(c()).optional().describe("Origins for nested iframes.\n\n- Maps to CSP `frame-src` directive\n- Empty or omitted → no nested iframes allowed (`frame-src 'none'`)"),baseUriDomains:A(c()).optional().describe("Allowed base URIs for the document.\n\n- Maps to CSP `base-uri` directive\n- Empty or omitted → only same origin allowed (`base-uri 'self'`)")}),Ds=h({camera:h({}).optional().describe("Request camera access.\n\nMaps to Permission Policy `camera` feature."),microphone:h({}).optional().describe("Request microphone access.\n\nMaps to Permission Policy `microphone` feature."),geolocation:h({}).optional().describe("Request geolocation access.\n\nMaps to Permission Policy `geolocation` feature."),clipboardWrite:h({}).optional().describe("Request clipboard write access.\n\nMaps to Permission Policy `clipboard-write` feature.")}),ld=h({method:l("ui/notifications/size-changed"),params:h({width:$().optional().describe("New width in pixels."),height:$().optional().describe("New height in pixels.")})});h({method:l("ui/notifications/tool-input"),params:h({arguments:M(c(),z().describe("Complete tool call arguments as key-value pairs.")).optional().describe("Complete tool call arguments as key-value pairs.")})});h({method:l("ui/notifications/tool-input-partial"),params:h({arguments:M(c(),z().describe("Partial tool call arguments (incomplete, may change).")).optional().describe("Partial tool call arguments (incomplete, may change).")})});h({method:l("ui/notifications/tool-cancelled"),params:h({reason:c().optional().describe('Optional reason for the cancellation (e.g., "user action", "timeout").')})});var cd=h({fonts:c().optional()}),dd=h({variables:rd.optional().describe("CSS variables for theming the app."),css:cd.optional().describe("CSS blocks that apps can inject.")});h({method:l("ui/resource-teardown"),params:h({})});var hd=M(c(),z()),hn=h({text:h({}).optional().describe("Host supports text content blocks."),image:h({}).optional().describe("Host supports image content blocks."),audio:h({}).optional().describe("Host supports audio content blocks."),resource:h({}).optional().describe("Host supports resource content blocks."),resourceLink:h({}).optional().describe("Host supports resource link content blocks."),structuredContent:h({}).optional().describe("Host supports structured content.")}),ud=h({method:l("ui/notifications/request-teardown"),params:h({}).optional()}),pd=h({experimental:M(c(),M(c(),vn()).describe("Experimental features keyed by identifier.")).optional().describe("Experimental features keyed by identifier."),openLinks:h({}).optional().describe("Host supports opening external URLs."),downloadFile:h({}).optional().describe("Host supports file downloads via ui/download-file."),serverTools:h({listChanged:O().optional().describe("Host supports tools/list_changed notifications.")}).optional().describe("Host can proxy tool calls to the MCP server."),serverResources:h({listChanged:O().optional().describe("Host supports resources/list_changed notifications.")}).optional().describe("Host can proxy resource reads to the MCP server."),logging:h({}).optional().describe("Host accepts log messages."),sandbox:h({permissions:Ds.optional().describe("Permissions granted by the host (camera, microphone, geolocation)."),csp:qs.optional().describe("CSP domains approved by the host.")}).optional().describe("Sandbox configuration applied by the host."),updateModelContext:hn.optional().describe("Host accepts context updates (ui/update-model-context) to be included in the model's context for future turns."),message:hn.optional().describe("Host supports receiving content messages (ui/message) from the view."),sampling:h({tools:h({}).optional().describe("Host supports tool use via `tools` and `toolChoice` parameters.")}).optional().describe("Host supports LLM sampling (sampling/createMessage) from the view.\nMirrors the MCP `ClientCapabilities.sampling` shape so hosts can pass it through.")}),md=h({experimental:M(c(),M(c(),vn()).describe("Experimental features keyed by identifier.")).optional().describe("Experimental features keyed by identifier."),tools:h({listChanged:O().optional().describe("App supports tools/list_changed notifications.")}).optional().describe("App exposes MCP-style tools that the host can call."),availableDisplayModes:A(it).optional().describe("Display modes the app supports.")}),fd=h({method:l("ui/notifications/initialized"),params:h({}).optional()});h({csp:qs.optional().describe("Content Security Policy configuration for UI resources."),permissions:Ds.optional().describe("Sandbox permissions requested by the UI resource."),domain:c().optional().describe(`Dedicated origin for view sandbox.

Useful when views need stable, dedicated origins for OAuth callbacks, CORS policies, or API key allowlists.

**Host-dependent:** The format and validation rules for this field are determined by each host. Servers MUST consult host-specific documentation for the expected domain format. Common patterns include:
- Hash-based subdomains (e.g., \`{hash}.claudemcpcontent.com\`)
- URL-derived subdomains (e.g., \`www-example-com.oaiusercontent.com\`)

If omitted, host uses default sandbox origin (typically per-conversation).`),prefersBorder:O().optional().describe(`Visual boundary preference - true if view prefers a visible border.

Boolean requesting whether a visible border and background is provided by the host. Specifying an explicit value for this is recommended because hosts' defaults may vary.

- \`true\`: request visible border + background
- \`false\`: request no visible border + background
- omitted: host decides border`)});var un=h({method:l("ui/request-display-mode"),params:h({mode:it.describe("The display mode being requested.")})});h({mode:it.describe("The display mode that was actually set. May differ from requested if not supported.")}).passthrough();var gd=E([l("model"),l("app")]).describe("Tool visibility scope - who can access the tool.");h({resourceUri:c().optional(),visibility:A(gd).optional().describe(`Who can access this tool. Default: ["model", "app"]
- "model": Tool visible to and callable by the agent
- "app": Tool callable by the app from this server only`),csp:Os().optional(),permissions:Os().optional()});h({mimeTypes:A(c()).optional().describe('Array of supported MIME types for UI resources.\nMust include `"text/html;profile=mcp-app"` for MCP Apps support.')});var bd=h({method:l("ui/download-file"),params:h({contents:A(E([Ao,$o])).describe("Resource contents to download — embedded (inline data) or linked (host fetches). Uses standard MCP resource types.")})}),yd=h({method:l("ui/message"),params:h({role:l("user").describe('Message role, currently only "user" is supported.'),content:A(bt).describe("Message content blocks (text, image, etc.).")})});h({method:l("ui/notifications/sandbox-resource-ready"),params:h({html:c().describe("HTML content to load into the inner iframe."),sandbox:c().optional().describe("Optional override for the inner iframe's sandbox attribute."),csp:qs.optional().describe("CSP configuration from resource metadata."),permissions:Ds.optional().describe("Sandbox permissions from resource metadata.")})});h({method:l("ui/notifications/tool-result"),params:rt.describe("Standard MCP tool execution result.")});var qo=h({toolInfo:h({id:ht.optional().describe("JSON-RPC id of the tools/call request."),tool:Ps.describe("Tool definition including name, inputSchema, etc.")}).optional().describe("Metadata of the tool call that instantiated this App."),theme:nd.optional().describe("Current color theme preference."),styles:dd.optional().describe("Style configuration for theming the app."),displayMode:it.optional().describe("How the UI is currently displayed."),availableDisplayModes:A(it).optional().describe("Display modes the host supports."),containerDimensions:E([h({height:$().describe("Fixed container height in pixels.")}),h({maxHeight:E([$(),Gt()]).optional().describe("Maximum container height in pixels.")})]).and(E([h({width:$().describe("Fixed container width in pixels.")}),h({maxWidth:E([$(),Gt()]).optional().describe("Maximum container width in pixels.")})])).optional().describe(`Container dimensions. Represents the dimensions of the iframe or other
container holding the app. Specify either width or maxWidth, and either height or maxHeight.`),locale:c().optional().describe("User's language and region preference in BCP 47 format."),timeZone:c().optional().describe("User's timezone in IANA format."),userAgent:c().optional().describe("Host application identifier."),platform:E([l("web"),l("desktop"),l("mobile")]).optional().describe("Platform type for responsive design decisions."),deviceCapabilities:h({touch:O().optional().describe("Whether the device supports touch input."),hover:O().optional().describe("Whether the device supports hover interactions.")}).optional().describe("Device input capabilities."),safeAreaInsets:h({top:$().describe("Top safe area inset in pixels."),right:$().describe("Right safe area inset in pixels."),bottom:$().describe("Bottom safe area inset in pixels."),left:$().describe("Left safe area inset in pixels.")}).optional().describe("Mobile safe area boundaries in pixels.")}).passthrough();h({method:l("ui/notifications/host-context-changed"),params:qo.describe("Partial context update containing only changed fields.")});var vd=h({method:l("ui/update-model-context"),params:h({content:A(bt).optional().describe("Context content blocks (text, image, etc.)."),structuredContent:M(c(),z().describe("Structured content for machine-readable context data.")).optional().describe("Structured content for machine-readable context data.")})}),wd=h({method:l("ui/initialize"),params:h({appInfo:Ut.describe("App identification (name and version)."),appCapabilities:md.describe("Features and capabilities this app provides."),protocolVersion:c().describe("Protocol version this app supports.")})});h({protocolVersion:c().describe('Negotiated protocol version string (e.g., "2025-11-21").'),hostInfo:Ut.describe("Host application identification and version."),hostCapabilities:pd.describe("Features and capabilities provided by the host."),hostContext:qo.describe("Rich context about the host environment.")}).passthrough();class xd{eventTarget;eventSource;messageListener;constructor(e=window.parent,t){this.eventTarget=e,this.eventSource=t,this.messageListener=n=>{if(t&&n.source!==this.eventSource){console.debug("Ignoring message from unknown source",n);return}let o=Al.safeParse(n.data);o.success?(console.debug("Parsed message",o.data),this.onmessage?.(o.data)):n.data?.jsonrpc!=="2.0"?console.debug("Ignoring non-JSON-RPC message",o.error.message,n):(console.error("Failed to parse message",o.error.message,n),this.onerror?.(Error("Invalid JSON-RPC message received: "+o.error.message)))}}async start(){window.addEventListener("message",this.messageListener)}async send(e,t){e.method!==sd&&console.debug("Sending message",e),this.eventTarget.postMessage(e,"*")}async close(){window.removeEventListener("message",this.messageListener),this.onclose?.()}onclose;onerror;onmessage;sessionId;setProtocolVersion}var _d=[js];class Sd extends td{_client;_hostInfo;_capabilities;_appCapabilities;_hostContext={};_appInfo;_initializedReceived=!1;_baseReplaceRequestHandler=this.replaceRequestHandler;replaceRequestHandler=(e,t)=>{this._baseReplaceRequestHandler(e,(n,o)=>(this._initializedReceived||console.warn(`[ext-apps] AppBridge received '${n.method}' before ui/notifications/initialized. The View is calling host methods before completing the handshake; it should await app.connect() first.`),t(n,o)))};eventSchemas={sizechange:ld,sandboxready:ad,initialized:fd,requestteardown:ud,loggingmessage:Po};constructor(e,t,n,o){super(o),this._client=e,this._hostInfo=t,this._capabilities=n,this.addEventListener("initialized",()=>{this._initializedReceived=!0}),this._hostContext=o?.hostContext||{},this.setRequestHandler(wd,r=>this._oninitialize(r)),this.setRequestHandler(Ft,(r,i)=>(this.onping?.(r.params,i),{})),this.replaceRequestHandler(un,r=>({mode:this._hostContext.displayMode??"inline"}))}getAppCapabilities(){return this._appCapabilities}getAppVersion(){return this._appInfo}onping;get onsizechange(){return this.getEventHandler("sizechange")}set onsizechange(e){this.setEventHandler("sizechange",e)}get onsandboxready(){return this.getEventHandler("sandboxready")}set onsandboxready(e){this.setEventHandler("sandboxready",e)}get oninitialized(){return this.getEventHandler("initialized")}set oninitialized(e){this.setEventHandler("initialized",e)}_onmessage;get onmessage(){return this._onmessage}set onmessage(e){this.warnIfRequestHandlerReplaced("onmessage",this._onmessage,e),this._onmessage=e,this.replaceRequestHandler(yd,async(t,n)=>{if(!this._onmessage)throw Error("No onmessage handler set");return this._onmessage(t.params,n)})}_onopenlink;get onopenlink(){return this._onopenlink}set onopenlink(e){this.warnIfRequestHandlerReplaced("onopenlink",this._onopenlink,e),this._onopenlink=e,this.replaceRequestHandler(id,async(t,n)=>{if(!this._onopenlink)throw Error("No onopenlink handler set");return this._onopenlink(t.params,n)})}_ondownloadfile;get ondownloadfile(){return this._ondownloadfile}set ondownloadfile(e){this.warnIfRequestHandlerReplaced("ondownloadfile",this._ondownloadfile,e),this._ondownloadfile=e,this.replaceRequestHandler(bd,async(t,n)=>{if(!this._ondownloadfile)throw Error("No ondownloadfile handler set");return this._ondownloadfile(t.params,n)})}get onrequestteardown(){return this.getEventHandler("requestteardown")}set onrequestteardown(e){this.setEventHandler("requestteardown",e)}_onrequestdisplaymode;get onrequestdisplaymode(){return this._onrequestdisplaymode}set onrequestdisplaymode(e){this.warnIfRequestHandlerReplaced("onrequestdisplaymode",this._onrequestdisplaymode,e),this._onrequestdisplaymode=e,this.replaceRequestHandler(un,async(t,n)=>{if(!this._onrequestdisplaymode)throw Error("No onrequestdisplaymode handler set");return this._onrequestdisplaymode(t.params,n)})}get onloggingmessage(){return this.getEventHandler("loggingmessage")}set onloggingmessage(e){this.setEventHandler("loggingmessage",e)}_onupdatemodelcontext;get onupdatemodelcontext(){return this._onupdatemodelcontext}set onupdatemodelcontext(e){this.warnIfRequestHandlerReplaced("onupdatemodelcontext",this._onupdatemodelcontext,e),this._onupdatemodelcontext=e,this.replaceRequestHandler(vd,async(t,n)=>{if(!this._onupdatemodelcontext)throw Error("No onupdatemodelcontext handler set");return this._onupdatemodelcontext(t.params,n)})}_oncalltool;get oncalltool(){return this._oncalltool}set oncalltool(e){this.warnIfRequestHandlerReplaced("oncalltool",this._oncalltool,e),this._oncalltool=e,this.replaceRequestHandler(Io,async(t,n)=>{if(!this._oncalltool)throw Error("No oncalltool handler set");return this._oncalltool(t.params,n)})}set oncreatesamplingmessage(e){this.setRequestHandler(No,async(t,n)=>e(t.params,n))}sendToolListChanged(e={}){return this.notification({method:"notifications/tools/list_changed",params:e})}_onlistresources;get onlistresources(){return this._onlistresources}set onlistresources(e){this.warnIfRequestHandlerReplaced("onlistresources",this._onlistresources,e),this._onlistresources=e,this.replaceRequestHandler(bo,async(t,n)=>{if(!this._onlistresources)throw Error("No onlistresources handler set");return this._onlistresources(t.params,n)})}_onlistresourcetemplates;get onlistresourcetemplates(){return this._onlistresourcetemplates}set onlistresourcetemplates(e){this.warnIfRequestHandlerReplaced("onlistresourcetemplates",this._onlistresourcetemplates,e),this._onlistresourcetemplates=e,this.replaceRequestHandler(vo,async(t,n)=>{if(!this._onlistresourcetemplates)throw Error("No onlistresourcetemplates handler set");return this._onlistresourcetemplates(t.params,n)})}_onreadresource;get onreadresource(){return this._onreadresource}set onreadresource(e){this.warnIfRequestHandlerReplaced("onreadresource",this._onreadresource,e),this._onreadresource=e,this.replaceRequestHandler(xo,async(t,n)=>{if(!this._onreadresource)throw Error("No onreadresource handler set");return this._onreadresource(t.params,n)})}sendResourceListChanged(e={}){return this.notification({method:"notifications/resources/list_changed",params:e})}_onlistprompts;get onlistprompts(){return this._onlistprompts}set onlistprompts(e){this.warnIfRequestHandlerReplaced("onlistprompts",this._onlistprompts,e),this._onlistprompts=e,this.replaceRequestHandler(ko,async(t,n)=>{if(!this._onlistprompts)throw Error("No onlistprompts handler set");return this._onlistprompts(t.params,n)})}sendPromptListChanged(e={}){return this.notification({method:"notifications/prompts/list_changed",params:e})}assertCapabilityForMethod(e){}assertRequestHandlerCapability(e){}assertNotificationCapability(e){}assertTaskCapability(e){throw Error("Tasks are not supported in MCP Apps")}assertTaskHandlerCapability(e){throw Error("Task handlers are not supported in MCP Apps")}getCapabilities(){return this._capabilities}async _oninitialize(e){let t=e.params.protocolVersion;return this._appInfo!==void 0&&console.warn("[ext-apps] AppBridge received a second ui/initialize. The View may be double-mounting (e.g. React StrictMode in dev) without closing the previous App instance. Responding normally; the latest appInfo/appCapabilities replace the previous values."),this._appCapabilities=e.params.appCapabilities,this._appInfo=e.params.appInfo,{protocolVersion:_d.includes(t)?t:js,hostCapabilities:this.getCapabilities(),hostInfo:this._hostInfo,hostContext:this._hostContext}}setHostContext(e){let t={},n=!1;for(let o of Object.keys(e)){let r=this._hostContext[o],i=e[o];kd(r,i)||(t[o]=i,n=!0)}n&&(this._hostContext=e,this.sendHostContextChange(t))}sendHostContextChange(e){return this.notification({method:"ui/notifications/host-context-changed",params:e})}sendToolInput(e){return this.notification({method:"ui/notifications/tool-input",params:e})}sendToolInputPartial(e){return this.notification({method:"ui/notifications/tool-input-partial",params:e})}sendToolResult(e){return this.notification({method:"ui/notifications/tool-result",params:e})}sendToolCancelled(e){return this.notification({method:"ui/notifications/tool-cancelled",params:e})}sendSandboxResourceReady(e){return this.notification({method:"ui/notifications/sandbox-resource-ready",params:e})}teardownResource(e,t){return this.request({method:"ui/resource-teardown",params:e},hd,t)}sendResourceTeardown=this.teardownResource;callTool(e,t){return this.request({method:"tools/call",params:e},rt,t)}listTools(e,t){return this.request({method:"tools/list",params:e},Ro,t)}async connect(e){if(this.transport)throw Error("AppBridge is already connected. Call close() before connecting again.");if(this._initializedReceived=!1,this._client){let t=this._client.getServerCapabilities();if(!t)throw Error("Client server capabilities not available");t.tools&&(this.oncalltool=async(n,o)=>this._client.request({method:"tools/call",params:n},rt,{signal:o.signal}),t.tools.listChanged&&this._client.setNotificationHandler(Eo,n=>this.sendToolListChanged(n.params))),t.resources&&(this.onlistresources=async(n,o)=>this._client.request({method:"resources/list",params:n},yo,{signal:o.signal}),this.onlistresourcetemplates=async(n,o)=>this._client.request({method:"resources/templates/list",params:n},wo,{signal:o.signal}),this.onreadresource=async(n,o)=>this._client.request({method:"resources/read",params:n},_o,{signal:o.signal}),t.resources.listChanged&&this._client.setNotificationHandler(So,n=>this.sendResourceListChanged(n.params))),t.prompts&&(this.onlistprompts=async(n,o)=>this._client.request({method:"prompts/list",params:n},Co,{signal:o.signal}),t.prompts.listChanged&&this._client.setNotificationHandler(To,n=>this.sendPromptListChanged(n.params)))}return super.connect(e)}}function kd(s,e){return JSON.stringify(s)===JSON.stringify(e)}const Cd=js,Ad=w({method:Et("ui/message"),params:w({role:k().optional(),content:fe(ee()).optional(),followUp:ve().optional(),_meta:ze(k(),ee()).optional()}).passthrough()});function $d(s){const{iframe:e,getContent:t,getAgent:n,host:o,hooks:r}=s;let i=!1,a=!1,d=null,g,u;const p=()=>{!a||!d||(g!==void 0&&(d.sendToolInput({arguments:g}),g=void 0),u!==void 0&&(d.sendToolResult(u),u=void 0))},y=async()=>{const f=n();if(!f)throw new Error("No agent available to fetch resource");const{resourceUri:S,serverHash:X,serverId:G}=t(),D=(await St.enqueue(f,()=>f.runAgent({forwardedProps:{__proxiedMCPRequest:{serverHash:X,serverId:G,method:"resources/read",params:{uri:S}}}}))).result?.contents?.[0];if(!D)throw new Error("No resource content in response");return D};return(async()=>{try{const f=await y();if(i)return;r?.onResource?.(f),e.setAttribute("sandbox","allow-scripts allow-same-origin allow-forms"),e.setAttribute("data-testid","mcp-app-iframe"),e.setAttribute("title","Interactive MCP application");const S=f._meta?.ui?.csp?.resourceDomains;e.srcdoc=ro(S);const X=e.contentWindow;if(!X)throw new Error("Sandbox iframe has no contentWindow");let G;if(f.text)G=f.text;else if(f.blob)G=atob(f.blob);else throw new Error("Resource has no text or blob content");d=new Sd(null,{name:"CopilotKit MCP Apps Host",version:"1.0.0"},{openLinks:{},logging:{},message:{text:{}}},{hostContext:{theme:"light",platform:"web"}}),d.onsandboxready=()=>{d?.sendSandboxResourceReady({html:G})},d.setRequestHandler(Ad,async H=>{const V=n();if(!V)return console.warn("[MCPAppsRenderer] ui/message: No agent available"),{isError:!1};try{const re=H.params,ge=re._meta?.copilotkit??{},yt=ge.role||re.role||"user",ne=re.content?.filter(b=>b.type==="text"&&b.text).map(b=>b.text).join(`
`)||"";if(ne&&V.addMessage({id:Vo(),role:yt,content:ne}),(ge.followUp??re.followUp??yt==="user")&&ne){const b=V.threadId||"default";St.enqueue(V,()=>xn({host:o,agent:V,capturedThreadId:b})).catch(v=>console.error("[MCPAppsRenderer] ui/message agent run failed:",v))}return{isError:!1}}catch(re){return console.error("[MCPAppsRenderer] ui/message error:",re),{isError:!0}}}),d.onopenlink=async({url:H})=>{let V;try{V=new URL(H)}catch{return console.warn("[MCPAppsRenderer] ui/open-link rejected: unparseable url"),{isError:!0}}return wn.has(V.protocol)?(console.warn("[MCPAppsRenderer] ui/open-link rejected: blocked scheme",V.protocol),{isError:!0}):(window.open(H,"_blank","noopener,noreferrer"),{isError:!1})},d.oncalltool=async H=>{const{serverHash:V,serverId:re}=t(),ge=n();if(!V)throw new Error("No server hash available for proxying");if(!ge)throw new Error("No agent available for proxying");return(await St.enqueue(ge,()=>ge.runAgent({forwardedProps:{__proxiedMCPRequest:{serverHash:V,serverId:re,method:"tools/call",params:H}}}))).result||{content:[]}},d.onsizechange=H=>{if(i)return;const{width:V,height:re}=H||{};r?.onSizeChanged?.({width:typeof V=="number"?V:void 0,height:typeof re=="number"?re:void 0})},d.oninitialized=()=>{i||(a=!0,r?.onInitialized?.(),p())},d.onloggingmessage=H=>{console.log("[MCPAppsRenderer] App log:",H)};const D=new xd(X,X);if(await d.connect(D),i){await d.close(),d=null;return}}catch(f){console.error("[MCPAppsRenderer] Setup error:",f),i||r?.onError?.(f instanceof Error?f:new Error(String(f)))}})(),{sendToolInput(f){g=f,p()},sendToolResult(f){u=f,p()},teardown(){i=!0;const f=d;d=null,f?.close()}}}const Gd=Object.freeze(Object.defineProperty({__proto__:null,MCPAppsActivityContentSchema:Qo,MCPAppsActivityType:Ko,MCPAppsRequestQueue:io,MCP_APPS_PROTOCOL_VERSION:Cd,MCP_OPEN_LINK_BLOCKED_SCHEMES:wn,bindMcpApp:$d,buildSandboxHTML:ro,mcpAppsRequestQueue:St,ɵrunMcpFollowUp:xn},Symbol.toStringTag,{value:"Module"}));var Zt={exports:{}},pn;function Td(){return pn||(pn=1,(function(s,e){(function(n,o){s.exports=o()})(self,()=>(()=>{var t={524(i){i.exports='(()=>{"use strict";const e=/([.[\\]:;\'"\\s])/,t=new Set(["__proto__","constructor","prototype"]);function s(t){const s=[];let o=0;for(let r=0;r<t.length;r++){const i=t[r];e.test(i)&&"\\\\"!==t[r-1]&&(s.push(t.substring(o,r)),o=r+1)}return s.push(t.substring(o,t.length)),s.filter(e=>!!e).map(e=>e.replace(/\\\\/g,""))}function o(e){return e.some(e=>t.has(e))}function r(e,t){const r=s(t);return o(r)?null:r.reduce((e,t)=>e?e[t]:null,e)}const i="message",n="response",c="set-interface",a="service-message",l=!!window.MSInputMethodContext&&!!document.documentMode,h={allowedSenderOrigin:"null"},d=class{constructor(e,t,s={}){this.remote={},this.serviceMethods={},this.localApi={},this.callbacks={},this._resolveRemoteMethodsPromise=null,this.options=Object.assign(Object.assign({},h),s),this.incrementalID=Math.floor(1e5*Math.random()),this.postMessage=e,this.remoteMethodsWaitPromise=new Promise(e=>{this._resolveRemoteMethodsPromise=e}),t(e=>this.onMessageListener(e))}onMessageListener(e){const t=e.data,{allowedSenderOrigin:s}=this.options;s&&e.origin!==s&&!l||(t.type===n?this.popCallback(t.callId,t.success,t.result):t.type===i?this.callLocalApi(t.methodName,t.arguments).then(e=>this.responseOtherSide(t.callId,e)).catch(e=>this.responseOtherSide(t.callId,e,!1)):t.type===c?(this.setInterface(t.apiMethods),this.responseOtherSide(t.callId)):t.type===a&&this.callLocalServiceMethod(t.methodName,t.arguments).then(e=>this.responseOtherSide(t.callId,e)).catch(e=>this.responseOtherSide(t.callId,e,!1)))}postMessageToOtherSide(e){this.postMessage(e,"*")}setInterface(e){var t;this.remote={},e.forEach(e=>{const t=s(e);if(o(t))return;let r=this.remote;for(let e=0;e<t.length-1;e++){const s=t[e];r[s]&&"object"==typeof r[s]||(r[s]={}),r=r[s]}r[t[t.length-1]]=this.createMethodWrapper(e)}),null===(t=this._resolveRemoteMethodsPromise)||void 0===t||t.call(this)}getMethodsFromInterface(e){return Object.keys(e).reduce((t,s)=>("object"==typeof e[s]?t.push(...this.getMethodsFromInterface(e[s]).map(e=>`${s}.${e}`)):t.push(s),t),[])}setLocalApi(e){return new Promise((t,s)=>{const o=this.registerCallback(t,s);this.postMessageToOtherSide({callId:o,apiMethods:this.getMethodsFromInterface(e),type:c})}).then(()=>this.localApi=e)}setServiceMethods(e){this.serviceMethods=e}callLocalApi(e,t){const s=r(this.localApi,e);if(!s)throw new Error(`Local method "${e}" is not registered`);return Promise.resolve(s.call(this,...t))}callLocalServiceMethod(e,t){const s=r(this.serviceMethods,e);if(!s)throw new Error(`Service method ${e} is not registered`);return Promise.resolve(s.call(this,...t))}createMethodWrapper(e){return(...t)=>this.callRemoteMethod(e,...t)}callRemoteMethod(e,...t){return new Promise((s,o)=>{const r=this.registerCallback(s,o);this.postMessageToOtherSide({callId:r,methodName:e,type:i,arguments:t})})}callRemoteServiceMethod(e,...t){return new Promise((s,o)=>{const r=this.registerCallback(s,o);this.postMessageToOtherSide({callId:r,methodName:e,type:a,arguments:t})})}responseOtherSide(e,t,s=!0){t instanceof Error&&(t=[...Object.keys(t),"message"].reduce((e,s)=>(e[s]=t[s],e),{}));const o=()=>this.postMessage({callId:e,type:n,success:s,result:t},"*");try{o()}catch(e){console.error("Failed to post response, recovering...",e),e instanceof DOMException&&(t=JSON.parse(JSON.stringify(t)),o())}}registerCallback(e,t){const s=(++this.incrementalID).toString();return this.callbacks[s]={successCallback:e,failureCallback:t},s}popCallback(e,t,s){const o=this.callbacks[e];o&&(t?o.successCallback(s):o.failureCallback(s),delete this.callbacks[e])}},p=window.Websandbox||new class{constructor(){this.connection=new d(window.parent.postMessage.bind(window.parent),e=>{window.addEventListener("message",t=>{if(t.source===window.parent)return e(t)})},{allowedSenderOrigin:void 0}),this.connection.setServiceMethods({runCode:e=>this.runCode(e),importScript:e=>this.importScript(e),injectStyle:e=>this.injectStyle(e),importStyle:e=>this.importStyle(e)}),this.connection.callRemoteServiceMethod("iframeInitialized")}runCode(e){const t=document.createElement("script");t.innerHTML=e,document.getElementsByTagName("head")[0].appendChild(t)}importScript(e){const t=document.createElement("script");return t.src=e,document.getElementsByTagName("head")[0].appendChild(t),new Promise(e=>t.onload=()=>e())}injectStyle(e){const t=document.createElement("style");t.innerHTML=e,document.getElementsByTagName("head")[0].appendChild(t)}importStyle(e){const t=document.createElement("link");t.rel="stylesheet",t.href=e,document.getElementsByTagName("head")[0].appendChild(t)}};window.Websandbox=p})();'}},n={};function o(i){var a=n[i];if(a!==void 0)return a.exports;var d=n[i]={exports:{}};return t[i](d,d.exports,o),d.exports}o.n=i=>{var a=i&&i.__esModule?()=>i.default:()=>i;return o.d(a,{a}),a},o.d=(i,a)=>{for(var d in a)o.o(a,d)&&!o.o(i,d)&&Object.defineProperty(i,d,{enumerable:!0,get:a[d]})},o.o=(i,a)=>Object.prototype.hasOwnProperty.call(i,a),o.r=i=>{typeof Symbol<"u"&&Symbol.toStringTag&&Object.defineProperty(i,Symbol.toStringTag,{value:"Module"}),Object.defineProperty(i,"__esModule",{value:!0})};var r={};return(()=>{o.r(r),o.d(r,{BaseOptions:()=>re,default:()=>yt});const i=/([.[\]:;'"\s])/,a=new Set(["__proto__","constructor","prototype"]);function d(ne){const b=[];let v=0;for(let x=0;x<ne.length;x++){const C=ne[x];i.test(C)&&ne[x-1]!=="\\"&&(b.push(ne.substring(v,x)),v=x+1)}return b.push(ne.substring(v,ne.length)),b.filter(x=>!!x).map(x=>x.replace(/\\/g,""))}function g(ne){return ne.some(b=>a.has(b))}function u(ne,b){const v=d(b);return g(v)?null:v.reduce((x,C)=>x?x[C]:null,ne)}const p="message",y="response",_="set-interface",f="service-message",S=!!window.MSInputMethodContext&&!!document.documentMode,X={allowedSenderOrigin:"null"};class G{constructor(b,v,x={}){this.remote={},this.serviceMethods={},this.localApi={},this.callbacks={},this._resolveRemoteMethodsPromise=null,this.options=Object.assign(Object.assign({},X),x),this.incrementalID=Math.floor(Math.random()*1e5),this.postMessage=b,this.remoteMethodsWaitPromise=new Promise(C=>{this._resolveRemoteMethodsPromise=C}),v(C=>this.onMessageListener(C))}onMessageListener(b){const v=b.data,{allowedSenderOrigin:x}=this.options;x&&b.origin!==x&&!S||(v.type===y?this.popCallback(v.callId,v.success,v.result):v.type===p?this.callLocalApi(v.methodName,v.arguments).then(C=>this.responseOtherSide(v.callId,C)).catch(C=>this.responseOtherSide(v.callId,C,!1)):v.type===_?(this.setInterface(v.apiMethods),this.responseOtherSide(v.callId)):v.type===f&&this.callLocalServiceMethod(v.methodName,v.arguments).then(C=>this.responseOtherSide(v.callId,C)).catch(C=>this.responseOtherSide(v.callId,C,!1)))}postMessageToOtherSide(b){this.postMessage(b,"*")}setInterface(b){var v;this.remote={},b.forEach(x=>{const C=d(x);if(g(C))return;let I=this.remote;for(let J=0;J<C.length-1;J++){const Ae=C[J];(!I[Ae]||typeof I[Ae]!="object")&&(I[Ae]={}),I=I[Ae]}I[C[C.length-1]]=this.createMethodWrapper(x)}),(v=this._resolveRemoteMethodsPromise)===null||v===void 0||v.call(this)}getMethodsFromInterface(b){return Object.keys(b).reduce((v,x)=>(typeof b[x]=="object"?v.push(...this.getMethodsFromInterface(b[x]).map(C=>`${x}.${C}`)):v.push(x),v),[])}setLocalApi(b){return new Promise((v,x)=>{const C=this.registerCallback(v,x);this.postMessageToOtherSide({callId:C,apiMethods:this.getMethodsFromInterface(b),type:_})}).then(()=>this.localApi=b)}setServiceMethods(b){this.serviceMethods=b}callLocalApi(b,v){const x=u(this.localApi,b);if(!x)throw new Error(`Local method "${b}" is not registered`);return Promise.resolve(x.call(this,...v))}callLocalServiceMethod(b,v){const x=u(this.serviceMethods,b);if(!x)throw new Error(`Service method ${b} is not registered`);return Promise.resolve(x.call(this,...v))}createMethodWrapper(b){return(...v)=>this.callRemoteMethod(b,...v)}callRemoteMethod(b,...v){return new Promise((x,C)=>{const I=this.registerCallback(x,C);this.postMessageToOtherSide({callId:I,methodName:b,type:p,arguments:v})})}callRemoteServiceMethod(b,...v){return new Promise((x,C)=>{const I=this.registerCallback(x,C);this.postMessageToOtherSide({callId:I,methodName:b,type:f,arguments:v})})}responseOtherSide(b,v,x=!0){v instanceof Error&&(v=[...Object.keys(v),"message"].reduce((I,J)=>(I[J]=v[J],I),{}));const C=()=>this.postMessage({callId:b,type:y,success:x,result:v},"*");try{C()}catch(I){console.error("Failed to post response, recovering...",I),I instanceof DOMException&&(v=JSON.parse(JSON.stringify(v)),C())}}registerCallback(b,v){const x=(++this.incrementalID).toString();return this.callbacks[x]={successCallback:b,failureCallback:v},x}popCallback(b,v,x){const C=this.callbacks[b];C&&(v?C.successCallback(x):C.failureCallback(x),delete this.callbacks[b])}}const D=G;var H=o(524),V=o.n(H);const re={frameContainer:"body",frameClassName:"websandbox__frame",frameSrc:null,frameContent:'<!DOCTYPE html><html><head><meta charset="UTF-8"></head><body></body></html>',codeToRunBeforeInit:null,initialStyles:null,baseUrl:null,allowPointerLock:!1,allowFullScreen:!1,sandboxAdditionalAttributes:""};class ge{static create(b,v={}){return new ge(b,v)}constructor(b,v){this.connection=null,this.removeMessageListener=()=>{},this.validateOptions(v),this.options=Object.assign(Object.assign({},re),v),this.iframe=this.createIframe(),this.promise=new Promise(x=>{this.connection=new D(this.iframe.contentWindow.postMessage.bind(this.iframe.contentWindow),C=>{const I=J=>{if(!(!J.source||J.source!==this.iframe.contentWindow))return C(J)};window.addEventListener("message",I),this.removeMessageListener=()=>window.removeEventListener("message",I)},{allowedSenderOrigin:"null"}),this.connection.setServiceMethods({iframeInitialized:()=>this.connection.setLocalApi(b).then(()=>x(this))})})}validateOptions(b){var v;if(b.frameSrc&&(b.frameContent||b.initialStyles||b.baseUrl||b.codeToRunBeforeInit))throw new Error('You can not set both "frameSrc" and any of frameContent,initialStyles,baseUrl,codeToRunBeforeInit options');if("frameContent"in b&&!(!((v=b.frameContent)===null||v===void 0)&&v.includes("<head>")))throw new Error('Websandbox: iFrame content must have "<head>" tag.')}_prepareFrameContent(b){var v,x,C;let I=(v=b.frameContent)!==null&&v!==void 0?v:"";return b.codeToRunBeforeInit&&(I=(x=I.replace("<head>",`<head><script>${b.codeToRunBeforeInit}<\/script>`))!==null&&x!==void 0?x:""),I=(C=I.replace("<head>",`<head><script>${V()}<\/script>`))!==null&&C!==void 0?C:"",b.initialStyles&&(I=I.replace("</head>",`<style>${b.initialStyles}</style></head>`)),b.baseUrl&&(I=I.replace("<head>",`<head><base target="_parent" href="${b.baseUrl}"/>`)),I}createIframe(){var b,v,x;const C=this.options.frameContainer,I=typeof C=="string"?document.querySelector(C):C;if(!I)throw new Error("Websandbox: Cannot find container for sandbox "+I);const J=document.createElement("iframe");if(J.sandbox=`allow-scripts ${this.options.sandboxAdditionalAttributes}`,J.allow=`${this.options.allowAdditionalAttributes}`,J.className=(b=this.options.frameClassName)!==null&&b!==void 0?b:"",this.options.allowFullScreen&&(J.allowFullscreen=!0),this.options.frameSrc)return J.src=this.options.frameSrc,I.appendChild(J),J;const Ae=this._prepareFrameContent(this.options),Oo=(x=(v=this.options.trustedTypesPolicy)===null||v===void 0?void 0:v.createHTML(Ae))!==null&&x!==void 0?x:Ae;return J.setAttribute("srcdoc",Oo),I.appendChild(J),J}destroy(){this.iframe.remove(),this.removeMessageListener()}_runCode(b){return this.connection.callRemoteServiceMethod("runCode",b)}_runFunction(b){return this._runCode(`(${b.toString()})()`)}run(b){return b.name?this._runFunction(b):this._runCode(b)}importScript(b){return this.connection.callRemoteServiceMethod("importScript",b)}injectStyle(b){return this.connection.callRemoteServiceMethod("injectStyle",b)}}const yt=ge})(),r})())})(Zt)),Zt.exports}var Do=Td();const Rd=Lo(Do),Yd=Jo({__proto__:null,default:Rd},[Do]);export{Od as A,os as C,Nd as D,Qo as M,Ko as a,Ld as b,jd as c,qd as d,Hd as e,Ud as f,Dd as g,Gd as i,Ia as u,Fd as v,Yd as w};
