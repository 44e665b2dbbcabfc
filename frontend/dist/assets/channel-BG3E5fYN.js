import{a7 as o,a8 as n}from"./mermaid.core-BUAdQ6F7.js";const t=(a,r)=>o.lang.round(n.parse(a)[r]);export{t as c};
