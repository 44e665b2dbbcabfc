import{a7 as o,a8 as n}from"./mermaid.core-WJcp4yx8.js";const t=(a,r)=>o.lang.round(n.parse(a)[r]);export{t as c};
